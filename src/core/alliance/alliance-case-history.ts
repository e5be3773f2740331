/**
 * What the alliance engine reads: one case's scored history. These are the engine's own
 * small input types, deliberately decoupled from the scoring engine's Score rows, so the
 * service layer maps whatever it stores onto them and the rules stay independent of how
 * scores are persisted or which instrument version produced them.
 *
 * Every alliance score is on the mean-item metric (1–5 for the WAI-SR), so that forms of
 * different length compare (docs/methods.md, "Alliance analytics").
 */

export type SessionAttendance = 'attended' | 'cancelled' | 'no-show' | 'scheduled';

export interface AllianceSession {
  /** Number of the session within the case, 1-based, counting every booked session. */
  number: number;
  /** ISO 8601 date or date-time (UTC); kept for the evidence, never used for arithmetic. */
  date: string;
  attendance: SessionAttendance;
}

export type RespondentRole = 'client' | 'therapist';

export type AllianceScale = 'goal' | 'task' | 'bond' | 'total';

export const ALLIANCE_SCALES: readonly AllianceScale[] = ['total', 'goal', 'task', 'bond'];

/** Mean-item scores per scale; a scale that was not scored (too many missing items) is absent. */
export type AllianceScaleScores = Partial<Record<AllianceScale, number>>;

export interface AllianceRating {
  session: number;
  /** The client member's id (role client) or the therapist's staff id (role therapist). */
  respondentId: string;
  role: RespondentRole;
  /**
   * For a therapist's form: the client member the therapist rated the alliance with, which
   * names the dyad. Absent when the therapist rated the alliance with the case as a whole;
   * that form is then paired with every client member who rated the same session.
   */
  aboutClientId?: string;
  /** The form that gave these scores (e.g. `wai-sr`, `therapist-session-rating`), when known. */
  instrumentId?: string;
  scores: AllianceScaleScores;
}

/** The end-of-session tension and resolution items (Rapport's own, non-standardised). */
export interface SessionFeedback {
  session: number;
  respondentId: string;
  /** "Was there tension, misunderstanding or disagreement with your therapist today?" 0–4. */
  tension: number;
  /** "How far was it resolved?" 0–4; absent when the respondent skipped it. */
  resolution?: number;
}

export interface OutcomeScore {
  session: number;
  respondentId: string;
  /** Instrument id, e.g. `phq-9`. */
  instrumentId: string;
  total: number;
  /** PHQ-9 item 9 (0–3) when the instrument has a risk item; absent otherwise. */
  riskItemAnswer?: number;
}

export type ReliableChangeCategory = 'recovered' | 'improved' | 'unchanged' | 'deteriorated';

/**
 * A reliable-change result already computed by src/core/outcomes (Jacobson & Truax 1991);
 * the alliance engine only turns it into a signal, it never recomputes it.
 */
export interface ReliableChangeResult {
  respondentId: string;
  instrumentId: string;
  /** The session of the post score. */
  session: number;
  category: ReliableChangeCategory;
  /** Reliable change index, shown in the evidence when known. */
  rci?: number;
  /** Pre and post scores, shown in the evidence when known. */
  pre?: number;
  post?: number;
}

export interface AllianceCaseHistory {
  caseId: string;
  sessions: readonly AllianceSession[];
  ratings: readonly AllianceRating[];
  feedback: readonly SessionFeedback[];
  outcomes: readonly OutcomeScore[];
  reliableChanges: readonly ReliableChangeResult[];
}
