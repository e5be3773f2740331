import type { AllianceScale } from './alliance-case-history.ts';

/** How a scale reads in an explanation sentence. */
export function describeScale(scale: AllianceScale): string {
  switch (scale) {
    case 'goal':
      return 'Agreement on goals';
    case 'task':
      return 'Agreement on tasks';
    case 'bond':
      return 'Bond';
    case 'total':
      return 'Overall alliance';
  }
}

/**
 * One decimal is what a therapist reads at a glance ("4.5 to 3.0"); the evidence keeps the
 * exact values.
 */
export function formatScore(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}

/** Up to two decimals without trailing zeros, for parameters such as k = 1.5 or ε = 0.1. */
export function formatParameter(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Small comparisons allow this much so that hand-worked boundary cases behave as written. */
export const COMPARISON_TOLERANCE = 1e-9;

/**
 * Which spread a rupture's threshold was measured in: the client's own, or the
 * interindividual pooled SD that the stricter rule put in its place (when larger), so the
 * explanation can say which — "this client's usual variation" would be untrue otherwise.
 */
export function ruptureSdSource(evidence: {
  ownSd: number | null;
  pooledSd: number | null;
  sd: number | null;
}): 'own' | 'between-clients' {
  const { ownSd, pooledSd, sd } = evidence;
  return sd !== null && pooledSd !== null && sd === pooledSd && (ownSd === null || pooledSd > ownSd)
    ? 'between-clients'
    : 'own';
}
