/**
 * What GET /api/cases/:caseId answers: one case with its people, sessions and score
 * series. Shared by the server (src/server/case-view) and the web app (src/web/case-view).
 */

export type CaseAccessLevel = 'write' | 'read';
export type CaseTypeName = 'individual' | 'couple' | 'family';
export type AttendanceState = 'scheduled' | 'attended' | 'cancelled' | 'no-show';
export type SessionModality = 'in-person' | 'video' | 'phone';
export type RespondentSide = 'client' | 'therapist';
/** A form's state as the therapist sees it: an open request past its expiry is 'expired'. */
export type FormState = 'open' | 'completed' | 'expired' | 'revoked';

export interface CaseViewCase {
  id: string;
  reference: string;
  type: CaseTypeName;
  status: 'active' | 'paused' | 'closed';
  presentingConcerns: string[];
  openedAt: string;
  closedAt: string | null;
  clinicName: string;
  timeZone: string;
}

export interface CaseViewMember {
  clientId: string;
  displayName: string;
  relationship: string;
}

export interface CaseViewTherapist {
  staffUserId: string;
  displayName: string;
  isPrimary: boolean;
}

export interface SessionForm {
  respondentKind: RespondentSide;
  respondentId: string;
  respondentName: string;
  instruments: string[];
  state: FormState;
  expiresAt: string;
  completedAt: string | null;
}

export interface CaseViewSession {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  attendance: AttendanceState;
  modality: SessionModality;
  language: string;
  interpreterName: string | null;
  forms: SessionForm[];
}

export interface SeriesPoint {
  sessionNumber: number;
  value: number;
  /** The item mean (1–5 for WAI-SR), so forms of different length compare. */
  itemMean: number | null;
  band: string | null;
}

export interface AllianceSeries {
  instrumentId: string;
  instrumentTitle: string;
  side: RespondentSide;
  respondentId: string;
  respondentName: string;
  scale: 'total' | 'goal' | 'task' | 'bond';
  range: { min: number; max: number };
  points: SeriesPoint[];
}

export interface CutOffLine {
  id: string;
  operator: string;
  value: number;
  description: string;
}

/** Jacobson–Truax reliable change against the respondent's first score. */
export interface ReliableChangeMarker {
  rc: number;
  direction: 'improved' | 'deteriorated';
}

export interface OutcomePoint extends SeriesPoint {
  /** Null at the first score, when |RC| is within the criterion, or without RC parameters. */
  reliableChange: ReliableChangeMarker | null;
}

export interface OutcomeSeries {
  instrumentId: string;
  instrumentTitle: string;
  respondentId: string;
  respondentName: string;
  scale: 'total';
  range: { min: number; max: number };
  higherIsBetter: boolean;
  cutOffs: CutOffLine[];
  /** The parameters used for the markers, or null when the instrument has none. */
  reliableChangeParameters: { sd: number; reliability: number; criterion: number } | null;
  points: OutcomePoint[];
}

/**
 * A rupture the alliance engine found (src/server/alerts): a score drop or tension the client
 * reported. `repaired` is good news: a later score came back (docs/methods.md, "Repair").
 */
export type RuptureStatus = 'open' | 'repaired' | 'unresolved';

export interface CaseRupture {
  alertId: string;
  kind: 'score-drop' | 'self-reported';
  onsetSession: number;
  respondentKind: RespondentSide;
  respondentId: string;
  respondentName: string;
  /** The alliance scale that dropped (a self-reported rupture is about the session: total). */
  scale: 'total' | 'goal' | 'task' | 'bond';
  status: RuptureStatus;
  /** The session whose score showed the repair, when known. */
  repairedAtSession: number | null;
}

/** Repair work a therapist recorded (src/server/repairs), without its free-text description. */
export interface CaseRuptureEvent {
  id: string;
  sessionNumber: number;
  outcome: 'resolved' | 'partly' | 'unresolved';
  markers: ('withdrawal' | 'confrontation')[];
  alertId: string | null;
}

export interface CaseViewResponse {
  case: CaseViewCase;
  access: CaseAccessLevel;
  members: CaseViewMember[];
  therapists: CaseViewTherapist[];
  sessions: CaseViewSession[];
  alliance: AllianceSeries[];
  outcomes: OutcomeSeries[];
  /** Ruptures on the alliance time line, by onset session. */
  ruptures: CaseRupture[];
  /** Recorded rupture and repair events, by session. */
  ruptureEvents: CaseRuptureEvent[];
}

/** The outcome measures the case view charts, in display order. */
export const OUTCOME_INSTRUMENTS = [
  'phq-9',
  'gad-7',
  'who-5',
  'swls',
  'flourishing-scale',
  'score-15',
] as const;

export const ALLIANCE_SCALES = ['total', 'goal', 'task', 'bond'] as const;
