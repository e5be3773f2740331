/**
 * What a study's analyses read (issue 18, item 5): one scored scale of one form a
 * consenting participant answered for the study, and the view a table is computed in. The
 * server reads these rows (consenting, not-withdrawn participants only); everything after
 * that is pure and lives in this folder.
 */

export type StudyRole = 'client' | 'therapist';

export interface ScoreObservation {
  participantId: string;
  role: StudyRole;
  sessionId: string;
  sessionNumber: number;
  instrumentId: string;
  scaleId: string;
  /** The scale's score as the instrument defines it (WAI-SR goal: a sum, 4–20). */
  value: number | null;
  /** The same on the mean-item metric (1–5 for the WAI-SR), for client–therapist pairs. */
  itemMean: number | null;
}

/** One session's data (by its number), or `across`: each participant's mean over sessions. */
export type AnalysisView = { session: number } | 'across';

/** The client's alliance: the WAI-SR's subscales and total (METHODS.md, "Instruments"). */
export const ALLIANCE_INSTRUMENT = 'wai-sr';
export const ALLIANCE_SCALES = ['goal', 'task', 'bond', 'total'] as const;
export type AllianceScale = (typeof ALLIANCE_SCALES)[number];

/** H7's outcomes: wellbeing, life satisfaction and flourishing, each by its total. */
export const OUTCOME_INSTRUMENTS = ['who-5', 'swls', 'flourishing-scale'] as const;
export type OutcomeInstrument = (typeof OUTCOME_INSTRUMENTS)[number];
export const OUTCOME_SCALE = 'total';

/** A statistic as sent and shown: NaN or ±Infinity (undefined, e.g. r of a constant) → null. */
export const finiteOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** The session numbers of the observations, ascending. */
export function observedSessions(observations: readonly ScoreObservation[]): number[] {
  return [...new Set(observations.map((o) => o.sessionNumber))].sort((a, b) => a - b);
}

/**
 * One value per participant of a scale in the view: the score at that session, or the
 * mean of the participant's scores over the sessions they have one for (`across`).
 */
export function valuesByParticipant(
  observations: readonly ScoreObservation[],
  instrumentId: string,
  scaleId: string,
  view: AnalysisView,
  metric: 'value' | 'itemMean' = 'value',
): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const o of observations) {
    const x = o[metric];
    if (o.instrumentId !== instrumentId || o.scaleId !== scaleId || x === null) continue;
    if (view !== 'across' && o.sessionNumber !== view.session) continue;
    const s = sums.get(o.participantId) ?? { sum: 0, n: 0 };
    s.sum += x;
    s.n += 1;
    sums.set(o.participantId, s);
  }
  return new Map([...sums].map(([id, s]) => [id, s.sum / s.n]));
}
