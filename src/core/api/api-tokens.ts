/**
 * Bodies of the API-token routes (src/server/api-tokens/api-token.routes.ts): an admin issues,
 * lists and revokes the read-only tokens other systems use for the FHIR API (docs/fhir.md).
 */
import { z } from 'zod';

/** The longest a token may live: a year, so a forgotten token cannot read for ever. */
export const API_TOKEN_MAX_DAYS = 365;

export const issueApiTokenBodySchema = z.strictObject({
  label: z.string().trim().min(1, 'give the token a name').max(100),
  expiresInDays: z.int().min(1).max(API_TOKEN_MAX_DAYS),
});
export type IssueApiTokenBody = z.input<typeof issueApiTokenBodySchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The clinics the token reads (the issuing admin's, when it was issued). */
  clinics: z.array(z.object({ id: z.string(), name: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const apiTokensSchema = z.object({ tokens: z.array(apiTokenSchema) });
export type ApiTokens = z.infer<typeof apiTokensSchema>;

/** The answer to issuing: the token itself, shown this once and never again. */
export const issuedApiTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export type IssuedApiToken = z.infer<typeof issuedApiTokenSchema>;
