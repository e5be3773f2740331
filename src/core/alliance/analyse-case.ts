import type { AllianceCaseHistory } from './alliance-case-history.ts';
import type { AllianceFinding, FindingSeverity } from './alliance-finding.ts';
import {
  DEFAULT_ALLIANCE_RULE_PARAMETERS,
  type AllianceRuleParameters,
} from './alliance-rule-parameters.ts';
import { checkEarlyAlliance } from './check-early-alliance.ts';
import { detectClientTherapistDiscrepancies } from './detect-client-therapist-discrepancies.ts';
import { detectDisengagement } from './detect-disengagement.ts';
import { detectOffTrackOutcomes } from './detect-off-track-outcomes.ts';
import { detectReliableChangeSignals } from './detect-reliable-change-signals.ts';
import { detectRiskAnswers } from './detect-risk-answers.ts';
import { detectRuptures } from './detect-ruptures.ts';
import { detectSelfReportedRuptures } from './detect-self-reported-ruptures.ts';
import { detectSplitAlliances } from './detect-split-alliances.ts';

const SEVERITY_ORDER: Record<FindingSeverity, number> = { urgent: 0, warning: 1, info: 2 };

/**
 * Every alliance and outcome finding for one case (docs/methods.md, "Alliance analytics"), in
 * the order a therapist should read them: urgent first, then warnings, then good news;
 * within a severity, the most recent first. Pure and deterministic: the same history and
 * parameters give the same findings with the same keys and revisions, whatever order the
 * history's rows came in. Recomputing after a new score needs only that case's history.
 */
export function analyseCase(
  history: AllianceCaseHistory,
  parameters: AllianceRuleParameters = DEFAULT_ALLIANCE_RULE_PARAMETERS,
): AllianceFinding[] {
  const ruptures = detectRuptures(history, parameters.rupture, parameters.repair);
  const selfReported = detectSelfReportedRuptures(history, parameters.selfReport);
  const findings: AllianceFinding[] = [
    ...detectRiskAnswers(history, parameters.outcomes),
    ...ruptures,
    ...selfReported,
    ...detectDisengagement(history, [...ruptures, ...selfReported], parameters.disengagement),
    ...detectClientTherapistDiscrepancies(history, parameters.discrepancy),
    ...detectSplitAlliances(history, parameters.split),
    ...checkEarlyAlliance(history, parameters.earlyCheckpoint),
    ...detectOffTrackOutcomes(history, parameters.outcomes),
    ...detectReliableChangeSignals(history),
  ];
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.latestSession - a.latestSession ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
