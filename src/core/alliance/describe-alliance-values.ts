/**
 * One decimal is what a therapist reads at a glance ("4.5 to 3.0"); the evidence keeps the
 * exact values. Rounded here, formatted by each language's catalogue.
 */
export function roundScore(value: number): number {
  return Math.round(value * 10) / 10 || 0; // never -0, which would read "-0.0"
}

/** Up to two decimals, for parameters such as k = 1.5 or ε = 0.1. */
export function roundParameter(value: number): number {
  return Math.round(value * 100) / 100 || 0;
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
