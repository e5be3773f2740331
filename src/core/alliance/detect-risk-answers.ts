import type { AllianceCaseHistory } from './alliance-case-history.ts';
import type { RiskItemFinding } from './alliance-finding.ts';
import type { OutcomeParameters } from './alliance-rule-parameters.ts';
import { finaliseFinding } from './finalise-finding.ts';

// A PHQ-9 answer has its own sentence, so it can say what was answered (the answer labels of
// Kroenke, Spitzer & Williams 2001 are in the catalogues).
const PHQ9_ANSWER_KEYS = {
  1: 'riskItem.phq9Answer1',
  2: 'riskItem.phq9Answer2',
  3: 'riskItem.phq9Answer3',
} as const;

/**
 * The PHQ-9 risk item (docs/methods.md: item 9 > 0 → risk alert; Kroenke et al. 2001): any
 * answer above 0 to "thoughts that you would be better off dead or of hurting yourself"
 * is urgent, whatever the total. One finding per answer (respondent, instrument, session).
 */
export function detectRiskAnswers(
  history: AllianceCaseHistory,
  parameters: Pick<OutcomeParameters, 'riskInstrumentIds'>,
): RiskItemFinding[] {
  return history.outcomes
    .filter(
      (o) =>
        parameters.riskInstrumentIds.includes(o.instrumentId) &&
        o.riskItemAnswer !== undefined &&
        o.riskItemAnswer > 0,
    )
    .sort((a, b) => a.session - b.session || (a.respondentId < b.respondentId ? -1 : 1))
    .map((o) => {
      const answer = o.riskItemAnswer as number;
      const key =
        (o.instrumentId === 'phq-9' && PHQ9_ANSWER_KEYS[answer as 1 | 2 | 3]) ||
        'riskItem.answered';
      return finaliseFinding<RiskItemFinding>({
        key: `risk-item:${history.caseId}:${o.respondentId}:${o.instrumentId}:s${o.session}`,
        type: 'risk-item',
        severity: 'urgent',
        status: 'active',
        caseId: history.caseId,
        respondentIds: [o.respondentId],
        session: o.session,
        latestSession: o.session,
        explanation: {
          key,
          params: { session: o.session, answer, instrument: o.instrumentId.toUpperCase() },
        },
        rule: 'detect-risk-answers',
        parameters: { riskInstrumentIds: parameters.riskInstrumentIds },
        evidence: {
          respondentId: o.respondentId,
          instrumentId: o.instrumentId,
          answer,
          total: o.total,
        },
      });
    });
}
