/**
 * Bodies of signing in (src/server/auth/auth.routes.ts): the server validates and documents
 * with these schemas, the web app (src/web/auth, src/web/pages) infers its types from them.
 */
import { z } from 'zod';
import { STAFF_ROLES } from '../staff/staff-roles.ts';

export const sessionStateSchema = z.object({
  authMode: z.enum(['two-factor', 'password-only']),
  /**
   * `in-session`: the session shows one client their own charts (GET /api/in-session) and
   * nothing else until someone signs in again.
   */
  state: z.enum(['signed-out', 'second-factor', 'enrol-second-factor', 'signed-in', 'in-session']),
  /** Send it back in the x-csrf-token header with every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string().nullable(),
  staff: z
    .object({
      id: z.string(),
      email: z.string(),
      displayName: z.string(),
      roles: z.array(z.object({ clinicId: z.string(), role: z.enum(STAFF_ROLES) })),
    })
    .nullable(),
  expiresAt: z.string().nullable(),
});
/** What GET /api/auth/session answers: where the caller stands in signing in. */
export type SessionState = z.infer<typeof sessionStateSchema>;

const emailSchema = z.string().trim().min(3).max(320);
const passwordSchema = z.string().min(1).max(1024);
const codeSchema = z.string().trim().min(6).max(40);

export const loginBodySchema = z.object({ email: emailSchema, password: passwordSchema });
export const codeBodySchema = z.object({ code: codeSchema });

export const secondFactorAnswerSchema = sessionStateSchema.extend({
  method: z.enum(['totp', 'recovery-code']),
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorAnswer = z.infer<typeof secondFactorAnswerSchema>;

/** Re-authentication: when the session last proved the second factor (now). */
export const reauthenticationSchema = z.object({ secondFactorAt: z.iso.datetime() });
export type Reauthentication = z.infer<typeof reauthenticationSchema>;

export const totpEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  qrCodeDataUrl: z.string(),
});
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

/** The recovery codes are shown once, in this answer. */
export const totpConfirmationSchema = sessionStateSchema.extend({
  recoveryCodes: z.array(z.string()),
});
export type TotpConfirmation = z.infer<typeof totpConfirmationSchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});
export const passwordResetBodySchema = z.object({ email: emailSchema });
export const passwordResetAcceptedSchema = z.object({ status: z.literal('accepted') });
export const passwordResetConfirmBodySchema = z.object({
  token: z.string().min(20).max(100),
  password: passwordSchema,
});
