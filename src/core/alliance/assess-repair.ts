import type { ScorePoint } from './alliance-finding.ts';
import type { RepairParameters } from './alliance-rule-parameters.ts';
import { COMPARISON_TOLERANCE } from './describe-alliance-values.ts';

export interface RepairAssessment {
  status: 'open' | 'repaired' | 'unresolved';
  /** The scores inside the repair window, up to and including the repairing one. */
  followUpScores: readonly ScorePoint[];
  repairedAt: ScorePoint | null;
}

/**
 * Repair of a rupture (docs/methods.md, "Repair"; Stiles et al. 2004's V-shaped rupture–repair
 * sequence): repaired when one of the next h scores returns to ≥ baseline − ε, unresolved
 * when h scores came and none did, open while fewer than h have come. The window counts
 * the respondent's next h scores, not calendar sessions: a missed session gives no score
 * to show repair, and missed sessions after a rupture are flagged by detectDisengagement.
 */
export function assessRepair(
  laterScores: readonly ScorePoint[],
  baseline: number,
  parameters: RepairParameters,
): RepairAssessment {
  const window = laterScores.slice(0, parameters.horizon);
  const target = baseline - parameters.epsilon - COMPARISON_TOLERANCE;
  const index = window.findIndex((point) => point.score >= target);
  if (index >= 0) {
    return {
      status: 'repaired',
      followUpScores: window.slice(0, index + 1),
      repairedAt: window[index] ?? null,
    };
  }
  return {
    status: window.length >= parameters.horizon ? 'unresolved' : 'open',
    followUpScores: window,
    repairedAt: null,
  };
}
