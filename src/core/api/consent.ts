/**
 * Bodies of consent, enrolment and withdrawal (src/server/research/consent/ and
 * src/server/research/enrolment/): the public consent and receipt pages, the therapist's
 * research panel on a case page, and the study team's receipts and withdrawals.
 */
import { z } from 'zod';
import { MAX_TYPED_NAME_LENGTH } from '../research/study-rules.ts';

export const consentKindSchema = z.enum(['consent', 'guardian-consent', 'assent']);
export const participantStatusSchema = z.enum([
  'invited',
  'consented',
  'declined',
  'withdrawn',
  'completed',
]);

/** A link token (base64url of 32 bytes); anything else is refused before a look-up. */
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a consent link.');
export const consentTokenBodySchema = z.object({ token: tokenSchema });

/** What a consent page shows: the version's text and statements, in its language. */
export const consentViewSchema = z.object({
  kind: consentKindSchema,
  language: z.string(),
  studyTitle: z.string(),
  principalInvestigator: z.string(),
  ethicsReference: z.string(),
  version: z.number().int(),
  /** Markdown as written by the study team; the page renders it without raw HTML. */
  informationText: z.string(),
  statements: z.array(z.string()),
  /** SHA-256 of the exact text shown; sent back with the decision. */
  textSha256: z.string(),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

/**
 * A decision. The typed name is checked by study-rules.ts (1–200 characters after trimming),
 * so the schema only caps what it will read at all.
 */
export const consentDecisionSchema = z.object({
  decision: z.enum(['consented', 'declined']),
  tickedStatements: z.array(z.number().int().min(0)).max(100),
  typedName: z.string().max(MAX_TYPED_NAME_LENGTH * 50),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ConsentDecision = z.infer<typeof consentDecisionSchema>;

export const publicConsentSubmissionSchema = consentDecisionSchema.extend({ token: tokenSchema });

export const consentSubmittedSchema = z.object({
  recordId: z.string(),
  decision: z.enum(['consented', 'declined']),
  /** Opens the person's receipt page (download, withdraw); shown once, never stored. */
  receiptToken: z.string().nullable(),
});
export type ConsentSubmitted = z.infer<typeof consentSubmittedSchema>;

/** The person's receipt page. */
export const consentReceiptViewSchema = z.object({
  language: z.string(),
  studyTitle: z.string(),
  version: z.number().int(),
  kind: consentKindSchema,
  decision: z.enum(['consented', 'declined']),
  signedAt: z.string(),
  participantStatus: participantStatusSchema,
  /** Withdrawal is offered while the participant is consented (or still invited). */
  canWithdraw: z.boolean(),
});
export type ConsentReceiptView = z.infer<typeof consentReceiptViewSchema>;

export const withdrawalSchema = z.object({
  participantStatus: participantStatusSchema,
  withdrawalData: z.enum(['kept', 'deleted']),
});
export type Withdrawal = z.infer<typeof withdrawalSchema>;

/** A link to a consent page, for a QR code or a copy. */
export const consentLinkSchema = z.object({
  invitationId: z.string(),
  kind: consentKindSchema,
  url: z.string(),
  expiresAt: z.string(),
});
export type ConsentLink = z.infer<typeof consentLinkSchema>;

const panelInvitationSchema = z.object({
  id: z.string(),
  kind: consentKindSchema,
  status: z.enum(['open', 'used', 'expired', 'revoked']),
  expiresAt: z.string(),
});

const panelParticipantSchema = z.object({
  id: z.string(),
  studyId: z.string(),
  role: z.enum(['client', 'therapist']),
  /** The client member (null for the therapist themselves). */
  clientId: z.string().nullable(),
  status: participantStatusSchema,
  needsGuardian: z.boolean(),
  invitations: z.array(panelInvitationSchema),
});

/** GET /api/cases/:caseId/research: the case's therapist's view, without study data. */
export const caseResearchSchema = z.object({
  caseId: z.string(),
  studies: z.array(z.object({ id: z.string(), title: z.string(), languages: z.array(z.string()) })),
  members: z.array(z.object({ clientId: z.string(), name: z.string(), minor: z.boolean() })),
  participants: z.array(panelParticipantSchema),
});
export type CaseResearch = z.infer<typeof caseResearchSchema>;

export const enrolClientSchema = z.object({
  studyId: z.uuid(),
  clientId: z.uuid(),
  /** The consent's language; the client's preferred language when it has a version. */
  language: z.string().min(2).max(12).optional(),
});

export const enrolTherapistSchema = z.object({ studyId: z.uuid() });

export const enrolmentSchema = z.object({
  participantId: z.string(),
  pseudonym: z.string(),
  status: participantStatusSchema,
  links: z.array(consentLinkSchema),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

/** A consent record as the study team lists it: by pseudonym, never the typed name. */
export const teamConsentRecordSchema = z.object({
  id: z.string(),
  pseudonym: z.string(),
  kind: consentKindSchema,
  decision: z.enum(['consented', 'declined']),
  channel: z.enum(['link', 'staff-app']),
  language: z.string(),
  version: z.number().int(),
  signedAt: z.string(),
  textSha256: z.string(),
  receiptSha256: z.string().nullable(),
});
export const teamConsentRecordsSchema = z.object({
  participantId: z.string(),
  records: z.array(teamConsentRecordSchema),
});
export type TeamConsentRecords = z.infer<typeof teamConsentRecordsSchema>;

/** The therapist's own consent page in the staff app. */
export const staffConsentViewSchema = consentViewSchema.extend({
  participantId: z.string(),
  participantStatus: participantStatusSchema,
  /** Their latest record, for the receipt download, once they have decided. */
  recordId: z.string().nullable(),
});
export type StaffConsentView = z.infer<typeof staffConsentViewSchema>;
