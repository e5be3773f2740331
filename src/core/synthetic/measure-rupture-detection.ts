import type { AllianceRuleParameters } from '../alliance/alliance-rule-parameters.ts';
import { detectRuptures } from '../alliance/detect-ruptures.ts';
import type { SyntheticAllianceClient } from './generate-alliance-cohort.ts';

export interface RuptureDetectionScore {
  k: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  recall: number;
  precision: number;
}

/**
 * Recall and precision of rupture detection against the injected ground truth.
 * Matching, per client: a detection is a rupture finding on the client's overall alliance
 * (the total scale, where ruptures are injected), at its onset session. It is a true
 * positive when a rupture was injected at exactly that session, otherwise a false
 * positive; an injected rupture with no detection at its session is a false negative.
 * Subscale-only findings are not counted here (they are reported separately by the
 * benchmark), because the generator injects ruptures into the whole alliance.
 */
export function measureRuptureDetection(
  cohort: readonly SyntheticAllianceClient[],
  parameters: AllianceRuleParameters,
): RuptureDetectionScore {
  return {
    k: parameters.rupture.k,
    ...scoreRuptureDetections(cohort, (client) =>
      detectRuptures(
        client.history,
        { ...parameters.rupture, scales: ['total'] },
        parameters.repair,
      )
        .filter((f) => f.respondentIds[0] === client.clientId)
        .map((f) => f.session),
    ),
  };
}

/**
 * Recall and precision of any detector against the injected ground truth, matched as
 * measureRuptureDetection matches (exact onset session, per client); `detect` returns the
 * onset sessions it finds for one client. The bench uses it to score other forms of the rule.
 */
export function scoreRuptureDetections(
  cohort: readonly SyntheticAllianceClient[],
  detect: (client: SyntheticAllianceClient) => Iterable<number>,
): Omit<RuptureDetectionScore, 'k'> {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const client of cohort) {
    const injected = new Set(client.ruptures.map((r) => r.session));
    const detected = new Set(detect(client));
    for (const session of detected) {
      if (injected.has(session)) truePositives++;
      else falsePositives++;
    }
    for (const session of injected) if (!detected.has(session)) falseNegatives++;
  }
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    recall: truePositives / Math.max(1, truePositives + falseNegatives),
    precision: truePositives / Math.max(1, truePositives + falsePositives),
  };
}

/** The same measure for several k (docs/methods.md: 1 lenient, 1.5 default, 2 strict). */
export function measureRuptureDetectionByK(
  cohort: readonly SyntheticAllianceClient[],
  parameters: AllianceRuleParameters,
  ks: readonly number[] = [1, 1.5, 2],
): RuptureDetectionScore[] {
  return ks.map((k) =>
    measureRuptureDetection(cohort, { ...parameters, rupture: { ...parameters.rupture, k } }),
  );
}
