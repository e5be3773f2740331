import type { AllianceCaseHistory } from '../alliance/alliance-case-history.ts';

/**
 * The pooled within-client SD of client totals across a population,
 * √(Σ(n_i − 1)·s_i² / Σ(n_i − 1)): what a clinic supplies as `pooledSd` for the stricter
 * rupture rule (METHODS.md; Gumz et al. 2012 combine intra- and inter-individual
 * variability). Computed from the data as they are — trend and ruptures included — as a
 * clinic would compute it from its own records.
 */
export function estimatePooledSd(histories: readonly AllianceCaseHistory[]): number | null {
  let squares = 0;
  let degrees = 0;
  for (const history of histories) {
    const byRespondent = new Map<string, number[]>();
    for (const r of history.ratings) {
      if (r.role !== 'client' || r.scores.total === undefined) continue;
      const list = byRespondent.get(r.respondentId) ?? [];
      list.push(r.scores.total);
      byRespondent.set(r.respondentId, list);
    }
    for (const values of byRespondent.values()) {
      if (values.length < 2) continue;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      squares += values.reduce((a, b) => a + (b - mean) ** 2, 0);
      degrees += values.length - 1;
    }
  }
  return degrees === 0 ? null : Math.sqrt(squares / degrees);
}
