/**
 * Bodies of clinic administration (src/server/admin/admin.routes.ts): the server validates
 * and documents with these schemas, the web app (src/web/admin) infers its types from them.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './audit-vocabulary.ts';
import { CASE_TYPES } from '../cases/case-types.ts';
import { listCodePattern } from '../intake/intake-lists.ts';
import { planEntrySchema } from '../measurement/measurement-plan.ts';
import { STAFF_ROLES } from '../staff/staff-roles.ts';
import { isIanaTimeZone } from '../time/zoned-time.ts';
import { languageSchema } from './session.ts';

export const staffRoleSchema = z.enum(STAFF_ROLES);
export const caseTypeSchema = z.enum(CASE_TYPES);
const nameSchema = z.string().trim().min(1).max(120);
const timeZoneSchema = z
  .string()
  .trim()
  .refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/London');

export const clinicSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });
export type ClinicView = z.infer<typeof clinicSchema>;
export const clinicsSchema = z.object({ clinics: z.array(clinicSchema) });
export type Clinics = z.infer<typeof clinicsSchema>;

export const createClinicBodySchema = z.strictObject({
  name: nameSchema,
  timeZone: timeZoneSchema,
});
export type CreateClinicBody = z.input<typeof createClinicBodySchema>;

export const updateClinicBodySchema = z
  .strictObject({ name: nameSchema.optional(), timeZone: timeZoneSchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type UpdateClinicBody = z.input<typeof updateClinicBodySchema>;

export const staffSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(z.object({ clinicId: z.string(), role: staffRoleSchema })),
});
export type StaffView = z.infer<typeof staffSchema>;
export const staffListSchema = z.object({ staff: z.array(staffSchema) });
export type StaffList = z.infer<typeof staffListSchema>;

export const createStaffBodySchema = z.strictObject({
  email: z.email('must be an e-mail address').max(320),
  displayName: nameSchema,
  clinicId: z.uuid(),
  role: staffRoleSchema,
});
export type CreateStaffBody = z.input<typeof createStaffBodySchema>;

export const setRolesBodySchema = z.strictObject({
  clinicId: z.uuid(),
  roles: z.array(staffRoleSchema).max(STAFF_ROLES.length),
});
export type SetRolesBody = z.input<typeof setRolesBodySchema>;

export const staffStatusBodySchema = z.strictObject({ status: z.enum(['active', 'disabled']) });
export type StaffStatusBody = z.input<typeof staffStatusBodySchema>;

/** Who supervises whom; also the DELETE route's path parameters. */
export const supervisionPairSchema = z.object({ supervisorId: z.uuid(), superviseeId: z.uuid() });
export type SupervisionPair = z.infer<typeof supervisionPairSchema>;
export const supervisionPairsSchema = z.object({ pairs: z.array(supervisionPairSchema) });
export type SupervisionPairs = z.infer<typeof supervisionPairsSchema>;

export const planSchema = z.object({
  id: z.string(),
  clinicId: z.string(),
  caseType: caseTypeSchema.nullable(),
  name: z.string(),
  entries: z.array(planEntrySchema),
  effectiveFrom: z.string(),
  createdBy: z.string().nullable(),
});
export type PlanView = z.infer<typeof planSchema>;

export const plansSchema = z.object({
  plans: z.array(planSchema),
  instruments: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type PlansView = z.infer<typeof plansSchema>;

export const createPlanBodySchema = z.strictObject({
  clinicId: z.uuid(),
  caseType: caseTypeSchema.nullable(),
  name: nameSchema,
  // Checked in the service with the core schema, so its messages name the entry.
  entries: z.array(z.unknown()).max(50),
});
export type CreatePlanBody = z.input<typeof createPlanBodySchema>;

/**
 * POST /api/admin/measurement-plans/preview: a draft plan and the new case to try it on (its
 * members' languages, in order, and their ages where a form has a minimum age); nothing is
 * stored.
 */
export const planPreviewBodySchema = z.strictObject({
  clinicId: z.uuid(),
  caseType: caseTypeSchema.nullable(),
  entries: z.array(z.unknown()).max(50),
  members: z
    .array(
      z.strictObject({
        language: languageSchema,
        age: z.number().int().min(0).max(120).nullable().default(null),
      }),
    )
    .min(1, 'a case needs at least one member')
    .max(12),
  concerns: z
    .array(z.string().max(40).regex(listCodePattern, 'must be a code such as anxiety'))
    .max(20)
    .default([]),
});
export type PlanPreviewBody = z.input<typeof planPreviewBodySchema>;

/** One respondent's share of a preview row: their forms and estimated minutes. */
const previewRespondentSchema = z.object({
  respondent: z.enum(['client', 'therapist']),
  /** The client member's place in the case (1, 2, …); null for the therapist. */
  member: z.number().int().nullable(),
  language: z.string(),
  forms: z.array(
    z.object({
      instrumentId: z.string(),
      title: z.string(),
      /** The form has no text in `language`: the respondent sees it as published. */
      languageMissing: z.boolean(),
    }),
  ),
  /** estimatedMinutes of these forms (src/core/measurement/estimated-minutes.ts). */
  minutes: z.number().int(),
});

/**
 * What sessions 1–10 of such a case ask each respondent, as attended sessions would, and
 * what closing it asks (the plan's end-of-care forms; possibly nobody).
 */
export const planPreviewSchema = z.object({
  sessions: z.array(
    z.object({
      number: z.number().int(),
      respondents: z.array(previewRespondentSchema),
    }),
  ),
  endOfCare: z.array(previewRespondentSchema),
});
export type PlanPreview = z.infer<typeof planPreviewSchema>;

export const auditQuerySchema = z.strictObject({
  actorId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** GET /api/admin/overview: the admin's home — their clinics and what needs doing there. */
export const adminOverviewSchema = z.object({
  clinics: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      staff: z.number().int(),
      openCases: z.number().int(),
    }),
  ),
  /** Active staff of these clinics who have not set up a second factor. */
  staffWithoutSecondFactor: z.array(z.object({ id: z.string(), displayName: z.string() })),
  /** Open (not closed) cases of these clinics with no therapist assigned. */
  casesWithoutTherapist: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      clinicName: z.string(),
      openedAt: z.string(),
    }),
  ),
  /** The organization's mails that ended unsent, by reason. */
  mail: z.object({
    notSentNoMailServer: z.number().int(),
    deliveryFailed: z.number().int(),
  }),
});
export type AdminOverview = z.infer<typeof adminOverviewSchema>;
