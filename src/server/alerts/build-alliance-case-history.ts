import type {
  AllianceCaseHistory,
  AllianceRating,
  AllianceScale,
  OutcomeScore,
  SessionFeedback,
} from '../../core/alliance/alliance-case-history.ts';
import type { ScorePoint } from '../measurement/questionnaire-response.repository.ts';
import type { TherapySession } from '../sessions/session.repository.ts';

/** The end-of-session form whose tension and resolution items feed the self-report rule. */
const SESSION_FEEDBACK = 'session-feedback';
/** Rapport's own, non-standardised therapist form (src/core/instruments/bundled). */
const THERAPIST_SESSION_RATING = 'therapist-session-rating';
/**
 * An alliance form is recognised by its scales, not its id, so a site's imported therapist
 * form (WAI-SR-T and the like) counts without code changes: goal, task and bond scored.
 */
const ALLIANCE_SUBSCALES = ['goal', 'task', 'bond'] as const;
/** The risk item of each instrument with a `risk` flag (PHQ-9 item 9, Kroenke et al. 2001). */
const RISK_ITEMS: Record<string, string> = { 'phq-9': '9' };

export interface AllianceCaseHistoryDraft {
  history: AllianceCaseHistory;
  /** Outcomes whose response raised the risk flag, by response id: they want the item's answer. */
  riskResponses: Map<string, OutcomeScore>;
}

/**
 * One case's sessions and scores as the alliance engine reads them (src/core/alliance). The
 * same mapping serves the database (alliance-case-history.repository.ts) and the demo seed,
 * which has the rows in memory, so both give the engine the same history.
 */
export function buildAllianceCaseHistory(
  caseId: string,
  sessions: readonly Pick<TherapySession, 'number' | 'startsAt' | 'attendance'>[],
  scores: readonly ScorePoint[],
): AllianceCaseHistoryDraft {
  const byResponse = new Map<string, ScorePoint[]>();
  for (const s of scores) {
    const list = byResponse.get(s.responseId);
    if (list) list.push(s);
    else byResponse.set(s.responseId, [s]);
  }

  const ratings: AllianceRating[] = [];
  const feedback: SessionFeedback[] = [];
  const outcomes: OutcomeScore[] = [];
  const riskResponses = new Map<string, OutcomeScore>();
  for (const [responseId, rows] of byResponse) {
    const first = rows[0] as ScorePoint;
    const scale = (id: string) => rows.find((r) => r.scaleId === id);
    const respondentId = first.respondentKind === 'client' ? first.clientId : first.staffUserId;
    if (!respondentId) continue;
    if (ALLIANCE_SUBSCALES.every((id) => scale(id) !== undefined)) {
      const values: Partial<Record<AllianceScale, number>> = {};
      for (const id of ['total', ...ALLIANCE_SUBSCALES] as const) {
        const mean = scale(id)?.itemMean;
        if (mean !== null && mean !== undefined) values[id] = mean;
      }
      ratings.push({
        session: first.sessionNumber,
        respondentId,
        role: first.respondentKind,
        instrumentId: first.instrumentId,
        ...(first.respondentKind === 'therapist' &&
          first.clientId !== null && { aboutClientId: first.clientId }),
        scores: values,
      });
      continue;
    }
    if (first.instrumentId === SESSION_FEEDBACK) {
      const tension = scale('tension')?.value ?? scale('total')?.value;
      if (tension === null || tension === undefined) continue;
      const resolution = scale('resolution')?.value;
      feedback.push({
        session: first.sessionNumber,
        respondentId,
        tension,
        ...(resolution !== null && resolution !== undefined && { resolution }),
      });
      continue;
    }
    const total = scale('total');
    if (!total || total.value === null) continue;
    const outcome: OutcomeScore = {
      session: first.sessionNumber,
      respondentId,
      instrumentId: first.instrumentId,
      total: total.value,
    };
    outcomes.push(outcome);
    if (total.flags.includes('risk') && RISK_ITEMS[first.instrumentId])
      riskResponses.set(responseId, outcome);
  }

  return {
    history: {
      caseId,
      ratings: preferLicensedTherapistForms(ratings),
      sessions: sessions.map((s) => ({
        number: s.number,
        date: s.startsAt,
        attendance: s.attendance,
      })),
      feedback,
      outcomes,
      reliableChanges: [],
    },
    riskResponses,
  };
}

/**
 * Rapport's own therapist session rating stands in for a therapist WAI form. Where a site has
 * imported a licensed one and the therapist answered both about the same session, the
 * licensed form takes its place for the discrepancy rule (docs/instruments.md).
 */
function preferLicensedTherapistForms(ratings: AllianceRating[]): AllianceRating[] {
  const key = (r: AllianceRating) =>
    `${r.respondentId}\u0000${r.aboutClientId ?? ''}\u0000${r.session}`;
  const licensed = new Set(
    ratings
      .filter((r) => r.role === 'therapist' && r.instrumentId !== THERAPIST_SESSION_RATING)
      .map(key),
  );
  return ratings.filter(
    (r) =>
      r.role !== 'therapist' ||
      r.instrumentId !== THERAPIST_SESSION_RATING ||
      !licensed.has(key(r)),
  );
}

/** Sets a flagged response's risk-item answer (from its stored answers JSON) on its outcome. */
export function addRiskItemAnswer(
  draft: AllianceCaseHistoryDraft,
  responseId: string,
  instrumentId: string,
  answers: string,
): void {
  const target = draft.riskResponses.get(responseId);
  const item = RISK_ITEMS[instrumentId];
  if (!target || item === undefined) return;
  const answer = (JSON.parse(answers) as Record<string, unknown>)[item];
  if (typeof answer === 'number') target.riskItemAnswer = answer;
}
