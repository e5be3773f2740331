/**
 * What GET /api/caseload answers: the signed-in therapist's active cases and, for a
 * supervisor, their supervisees' active cases (read-only). The server (src/server/caseload)
 * builds and validates it with these schemas; the web app imports only the inferred types.
 * What is not named here never leaves the server.
 */
import { z } from 'zod';
import type { AttentionLevel } from '../alerts/rank-case-attention.ts';
import { CASE_TYPES } from '../cases/case-types.ts';

const caseloadMemberSchema = z.object({ clientId: z.string(), displayName: z.string() });
export type CaseloadMember = z.infer<typeof caseloadMemberSchema>;

const caseloadTherapistSchema = z.object({ staffUserId: z.string(), displayName: z.string() });
export type CaseloadTherapist = z.infer<typeof caseloadTherapistSchema>;

/** One respondent's most recent alliance total (WAI-SR total for clients). */
const latestAllianceTotalSchema = z.object({
  respondentId: z.string(),
  displayName: z.string(),
  instrumentId: z.string(),
  sessionNumber: z.number(),
  value: z.number(),
});
export type LatestAllianceTotal = z.infer<typeof latestAllianceTotalSchema>;

const allianceTrendPointSchema = z.object({
  sessionNumber: z.number(),
  /** Mean of the client members' totals at this session (one value for an individual case). */
  value: z.number(),
});
export type AllianceTrendPoint = z.infer<typeof allianceTrendPointSchema>;

const nextSessionSchema = z.object({
  number: z.number(),
  /** UTC instant; show it in `timeZone`. */
  startsAt: z.string(),
});
export type NextSession = z.infer<typeof nextSessionSchema>;

const attentionSchema = z.enum([
  'urgent',
  'rupture',
  'alert',
  'forms',
  'none',
] as const satisfies readonly AttentionLevel[]);

const caseloadEntrySchema = z.object({
  id: z.string(),
  reference: z.string(),
  type: z.enum(CASE_TYPES),
  /** 'write' on one's own cases, 'read' on a supervisee's. */
  access: z.enum(['write', 'read']),
  members: z.array(caseloadMemberSchema),
  therapists: z.array(caseloadTherapistSchema),
  /** The clinic's IANA time zone, e.g. Europe/London. */
  timeZone: z.string(),
  attendedSessions: z.number(),
  /** Per client member, the latest WAI-SR total; empty when none yet. */
  clientAlliance: z.array(latestAllianceTotalSchema),
  /** Per therapist, the latest total of a therapist-perspective form; usually empty. */
  therapistAlliance: z.array(latestAllianceTotalSchema),
  /** The last (up to 8) sessions' client alliance totals, oldest first, for a sparkline. */
  allianceTrend: z.array(allianceTrendPointSchema),
  /** Questionnaire requests still open and not expired. */
  outstandingForms: z.number(),
  /** Unresolved alerts needing attention (not good news), and how many of them are urgent. */
  openAlerts: z.number(),
  urgentAlerts: z.number(),
  /**
   * Why the case needs its therapist before the next session (urgent alert, open rupture,
   * other open alert, outstanding forms, or nothing); the caseload is ordered by it.
   */
  attention: attentionSchema,
  nextSession: nextSessionSchema.nullable(),
});
export type CaseloadEntry = z.infer<typeof caseloadEntrySchema>;

export const caseloadSchema = z.object({
  /** Ordered by attention, then the sooner next session (order-caseload-by-attention.ts). */
  cases: z.array(caseloadEntrySchema),
});
export type CaseloadResponse = z.infer<typeof caseloadSchema>;

/** How many points the caseload's trend line shows. */
export const CASELOAD_TREND_LENGTH = 8;
