/**
 * Which of a participant's study measures a session's request carries, on top of what the
 * clinic's plan asks (issue 16; docs/research.md, "Study forms and measures"):
 *
 * - a `sessions` measure when the session's number is one of its session numbers;
 * - an `enrolment` measure once: in the first request after consent (`alreadyAsked` says a
 *   request that was not revoked already carries it);
 * - nothing twice in one request: an instrument the plan already asks is asked once and
 *   marked `alsoClinical` (a clinical record, never deleted with the study's data); two
 *   measures or two studies asking the same instrument ask it once, one item per study.
 */

export interface ParticipantMeasure {
  studyId: string;
  participantId: string;
  measureId: string;
  instrumentId: string;
  timing: 'enrolment' | 'sessions';
  sessionNumbers: readonly number[];
  alreadyAsked: boolean;
}

export interface PlannedStudyItem {
  studyId: string;
  participantId: string;
  measureId: string;
  instrumentId: string;
  alsoClinical: boolean;
}

/**
 * The request's instruments (the plan's, then the studies' in measure order, each once) and
 * the study items to record. `measures` are one respondent's, in study and position order.
 */
export function planStudyItems(
  clinical: readonly string[],
  measures: readonly ParticipantMeasure[],
  sessionNumber: number,
): { instruments: string[]; items: PlannedStudyItem[] } {
  const instruments = [...new Set(clinical)];
  const items: PlannedStudyItem[] = [];
  const recorded = new Set<string>();
  for (const measure of measures) {
    const due =
      measure.timing === 'sessions'
        ? measure.sessionNumbers.includes(sessionNumber)
        : !measure.alreadyAsked;
    if (!due) continue;
    const key = `${measure.studyId}\u0000${measure.instrumentId}`;
    if (recorded.has(key)) continue;
    recorded.add(key);
    items.push({
      studyId: measure.studyId,
      participantId: measure.participantId,
      measureId: measure.measureId,
      instrumentId: measure.instrumentId,
      alsoClinical: clinical.includes(measure.instrumentId),
    });
    if (!instruments.includes(measure.instrumentId)) instruments.push(measure.instrumentId);
  }
  return { instruments, items };
}
