/**
 * What GET /api/cases/:caseId answers: one case with its people, sessions and score
 * series. The server (src/server/case-view) builds and validates it with these schemas;
 * the web app (src/web/case-view) imports only the inferred types. What is not named here
 * never leaves the server.
 */
import { z } from 'zod';
import { CASE_TYPES } from '../cases/case-types.ts';
import { REQUEST_OCCASIONS } from '../measurement/request-occasion.ts';
import { RUPTURE_MARKERS, RUPTURE_OUTCOMES } from '../repairs/repair-vocabulary.ts';
import { ATTENDANCE_STATES, SESSION_MODALITIES } from '../sessions/session-vocabulary.ts';

export const ALLIANCE_SCALES = ['total', 'goal', 'task', 'bond'] as const;

const caseAccessSchema = z.enum(['write', 'read']);
export type CaseAccessLevel = z.infer<typeof caseAccessSchema>;
export type CaseTypeName = (typeof CASE_TYPES)[number];
export type AttendanceState = (typeof ATTENDANCE_STATES)[number];
export type SessionModality = (typeof SESSION_MODALITIES)[number];
const respondentSideSchema = z.enum(['client', 'therapist']);
export type RespondentSide = z.infer<typeof respondentSideSchema>;
/** A form's state as the therapist sees it: an open request past its expiry is 'expired'. */
const formStateSchema = z.enum(['open', 'completed', 'expired', 'revoked']);
export type FormState = z.infer<typeof formStateSchema>;
const allianceScaleSchema = z.enum(ALLIANCE_SCALES);

const caseViewCaseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(['active', 'paused', 'closed']),
  presentingConcerns: z.array(z.string()),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  clinicName: z.string(),
  timeZone: z.string(),
});
export type CaseViewCase = z.infer<typeof caseViewCaseSchema>;

const caseViewMemberSchema = z.object({
  clientId: z.string(),
  displayName: z.string(),
  relationship: z.string(),
});
export type CaseViewMember = z.infer<typeof caseViewMemberSchema>;

const caseViewTherapistSchema = z.object({
  staffUserId: z.string(),
  displayName: z.string(),
  isPrimary: z.boolean(),
});
export type CaseViewTherapist = z.infer<typeof caseViewTherapistSchema>;

const sessionFormSchema = z.object({
  respondentKind: respondentSideSchema,
  respondentId: z.string(),
  respondentName: z.string(),
  instruments: z.array(z.string()),
  state: formStateSchema,
  expiresAt: z.string(),
  completedAt: z.string().nullable(),
  /** 'end-of-care': asked when the case was closed, against this (its last attended) session. */
  occasion: z.enum(REQUEST_OCCASIONS),
});
export type SessionForm = z.infer<typeof sessionFormSchema>;

const caseViewSessionSchema = z.object({
  id: z.string(),
  number: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  attendance: z.enum(ATTENDANCE_STATES),
  modality: z.enum(SESSION_MODALITIES),
  language: z.string(),
  interpreterName: z.string().nullable(),
  forms: z.array(sessionFormSchema),
});
export type CaseViewSession = z.infer<typeof caseViewSessionSchema>;

const seriesPointSchema = z.object({
  sessionNumber: z.number(),
  value: z.number(),
  /** The item mean (1–5 for WAI-SR), so forms of different length compare. */
  itemMean: z.number().nullable(),
  band: z.string().nullable(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

const rangeSchema = z.object({ min: z.number(), max: z.number() });

const allianceSeriesSchema = z.object({
  instrumentId: z.string(),
  instrumentTitle: z.string(),
  side: respondentSideSchema,
  respondentId: z.string(),
  respondentName: z.string(),
  scale: allianceScaleSchema,
  range: rangeSchema,
  points: z.array(seriesPointSchema),
});
export type AllianceSeries = z.infer<typeof allianceSeriesSchema>;

const cutOffLineSchema = z.object({
  id: z.string(),
  operator: z.string(),
  value: z.number(),
  description: z.string(),
});
export type CutOffLine = z.infer<typeof cutOffLineSchema>;

/** A reliable change against the respondent's first score, at one point of the series. */
const reliableChangeMarkerSchema = z.object({
  direction: z.enum(['improved', 'deteriorated']),
  /** The score minus the first score, in scale points. */
  difference: z.number(),
  /** Jacobson–Truax RC (rounded to 2 places), or null under a published criterion in points. */
  rc: z.number().nullable(),
});
export type ReliableChangeMarker = z.infer<typeof reliableChangeMarkerSchema>;

const outcomePointSchema = seriesPointSchema.extend({
  /** Null at the first score, when the change is not reliable, or without criteria. */
  reliableChange: reliableChangeMarkerSchema.nullable(),
});
export type OutcomePoint = z.infer<typeof outcomePointSchema>;

export const OUTCOME_CATEGORIES = [
  'reliable-recovery',
  'recovered',
  'improved',
  'unchanged',
  'deteriorated',
] as const;
export type OutcomeCategoryName = (typeof OUTCOME_CATEGORIES)[number];

const casenessSchema = z.object({ operator: z.string(), value: z.number() });

/** The criteria the instrument's file gives (docs/methods.md, "Reliable change"). */
const changeCriteriaSchema = z.object({
  method: z.enum(['published-threshold', 'jacobson-truax']),
  /** A change of at least this many points is reliable (published-threshold). */
  minimumChange: z.number().nullable(),
  /** Jacobson–Truax: the SD and reliability of the named sample, and |RC| criterion. */
  sd: z.number().nullable(),
  reliability: z.number().nullable(),
  criterion: z.number().nullable(),
  /** The rule a case meets, e.g. `>= 10`; null when the instrument defines no caseness. */
  caseness: casenessSchema.nullable(),
});
export type ChangeCriteria = z.infer<typeof changeCriteriaSchema>;

/** The respondent's latest score against their first: the category and the numbers behind it. */
const outcomeChangeSchema = z.object({
  firstSession: z.number(),
  latestSession: z.number(),
  first: z.number(),
  latest: z.number(),
  difference: z.number(),
  rc: z.number().nullable(),
  reliable: z.boolean(),
  firstIsCase: z.boolean().nullable(),
  latestIsCase: z.boolean().nullable(),
  category: z.enum(OUTCOME_CATEGORIES),
});
export type OutcomeChange = z.infer<typeof outcomeChangeSchema>;

const outcomeSeriesSchema = z.object({
  instrumentId: z.string(),
  instrumentTitle: z.string(),
  respondentId: z.string(),
  respondentName: z.string(),
  scale: z.literal('total'),
  range: rangeSchema,
  higherIsBetter: z.boolean(),
  cutOffs: z.array(cutOffLineSchema),
  /** The criteria used for the markers and the category, or null when the instrument has none. */
  changeCriteria: changeCriteriaSchema.nullable(),
  /** Why there are no criteria (the chart says so in one sentence); null when there are. */
  noChangeCriteriaReason: z.enum(['no-verified-norms', 'not-given']).nullable(),
  /** Latest against first; null with fewer than two scores or without criteria. */
  change: outcomeChangeSchema.nullable(),
  points: z.array(outcomePointSchema),
});
export type OutcomeSeries = z.infer<typeof outcomeSeriesSchema>;

/**
 * A rupture the alliance engine found (src/server/alerts): a score drop or tension the client
 * reported. `repaired` is good news: a later score came back (docs/methods.md, "Repair").
 */
const ruptureStatusSchema = z.enum(['open', 'repaired', 'unresolved']);
export type RuptureStatus = z.infer<typeof ruptureStatusSchema>;

const caseRuptureSchema = z.object({
  alertId: z.string(),
  kind: z.enum(['score-drop', 'self-reported']),
  onsetSession: z.number(),
  respondentKind: respondentSideSchema,
  respondentId: z.string(),
  respondentName: z.string(),
  /** The alliance scale that dropped (a self-reported rupture is about the session: total). */
  scale: allianceScaleSchema,
  status: ruptureStatusSchema,
  /** The session whose score showed the repair, when known. */
  repairedAtSession: z.number().nullable(),
});
export type CaseRupture = z.infer<typeof caseRuptureSchema>;

/** Repair work a therapist recorded (src/server/repairs), with their "what happened". */
const caseRuptureEventSchema = z.object({
  id: z.string(),
  sessionNumber: z.number(),
  outcome: z.enum(RUPTURE_OUTCOMES),
  description: z.string(),
  markers: z.array(z.enum(RUPTURE_MARKERS)),
  alertId: z.string().nullable(),
});
export type CaseRuptureEvent = z.infer<typeof caseRuptureEventSchema>;

export const caseViewSchema = z.object({
  case: caseViewCaseSchema,
  access: caseAccessSchema,
  members: z.array(caseViewMemberSchema),
  therapists: z.array(caseViewTherapistSchema),
  sessions: z.array(caseViewSessionSchema),
  alliance: z.array(allianceSeriesSchema),
  outcomes: z.array(outcomeSeriesSchema),
  /** Ruptures on the alliance time line, by onset session. */
  ruptures: z.array(caseRuptureSchema),
  /** Recorded rupture and repair events, by session (no description: that stays on its route). */
  ruptureEvents: z.array(caseRuptureEventSchema),
});
export type CaseViewResponse = z.infer<typeof caseViewSchema>;

/** The outcome measures the case view charts, in display order. */
export const OUTCOME_INSTRUMENTS = [
  'phq-9',
  'gad-7',
  'who-5',
  'swls',
  'flourishing-scale',
  'score-15',
] as const;
