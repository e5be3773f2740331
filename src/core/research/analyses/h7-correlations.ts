import { benjaminiHochberg } from '../../stats/benjamini-hochberg.ts';
import { correlate } from '../../stats/correlate.ts';
import { type CellCount, smallCell } from '../small-cells.ts';
import {
  ALLIANCE_INSTRUMENT,
  ALLIANCE_SCALES,
  type AllianceScale,
  type AnalysisView,
  finiteOrNull,
  OUTCOME_INSTRUMENTS,
  OUTCOME_SCALE,
  type OutcomeInstrument,
  type ScoreObservation,
  valuesByParticipant,
} from './study-observations.ts';

export interface H7Row {
  alliance: AllianceScale;
  outcome: OutcomeInstrument;
  /** People with both scores (pairwise complete); null when withheld (1 ≤ n < k). */
  n: CellCount;
  r: number | null;
  ci: [number, number] | null;
  p: number | null;
  /** Benjamini–Hochberg over the rows of this table that have a p. */
  pAdjusted: number | null;
}

/**
 * The founding study's hypothesis H7 as a table (DESIGN.md, METHODS.md "Statistics for
 * research"): Pearson r of each WAI-SR scale (goal, task, bond, total; the client's view)
 * with the WHO-5, SWLS and Flourishing Scale totals, on the clients with both in the view,
 * with Fisher-z 95 % CI, t-test p (src/core/stats/correlate.ts, as R's cor.test) and
 * Benjamini–Hochberg adjusted p over the table (p.adjust "BH"). A pair of fewer than k people
 * is withheld: n null and no statistic, and it takes no part in the adjustment.
 */
export function h7Correlations(
  observations: readonly ScoreObservation[],
  view: AnalysisView,
  k: number,
): H7Row[] {
  const clients = observations.filter((o) => o.role === 'client');
  const rows: H7Row[] = [];
  for (const alliance of ALLIANCE_SCALES) {
    const x = valuesByParticipant(clients, ALLIANCE_INSTRUMENT, alliance, view);
    for (const outcome of OUTCOME_INSTRUMENTS) {
      const y = valuesByParticipant(clients, outcome, OUTCOME_SCALE, view);
      const both = [...x.keys()].filter((id) => y.has(id));
      const n = smallCell(both.length, k);
      if (n === null || n < 3) {
        rows.push({ alliance, outcome, n, r: null, ci: null, p: null, pAdjusted: null });
        continue;
      }
      const c = correlate(
        both.map((id) => x.get(id)!),
        both.map((id) => y.get(id)!),
      );
      const lo = finiteOrNull(c.ci[0]);
      const hi = finiteOrNull(c.ci[1]);
      rows.push({
        alliance,
        outcome,
        n,
        r: finiteOrNull(c.r),
        ci: lo === null || hi === null ? null : [lo, hi],
        p: finiteOrNull(c.p),
        pAdjusted: null,
      });
    }
  }
  const tested = rows.filter((row) => row.p !== null);
  const adjusted = benjaminiHochberg(tested.map((row) => row.p!));
  tested.forEach((row, i) => (row.pAdjusted = adjusted[i]!));
  return rows;
}
