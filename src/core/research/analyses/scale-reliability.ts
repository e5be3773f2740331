import type { InstrumentDefinition } from '../../instruments/instrument-definition.ts';
import { cronbachAlpha } from '../../stats/cronbach-alpha.ts';
import {
  completeCases,
  covarianceMatrix,
  covarianceToCorrelation,
  reverseScored,
} from '../../stats/numeric-column.ts';
import { omegaTotal } from '../../stats/omega-total.ts';
import { type CellCount, smallCell } from '../small-cells.ts';
import { finiteOrNull } from './study-observations.ts';

/** One answered form: its item answers (item id → value) as stored. */
export interface AnsweredForm {
  participantId: string;
  sessionNumber: number;
  instrumentId: string;
  answers: Record<string, unknown>;
}

export interface ReliabilityRow {
  instrumentId: string;
  scaleId: string;
  sessionNumber: number;
  items: number;
  /** Complete cases (everyone who answered every item of the scale); null when withheld. */
  n: CellCount;
  alpha: number | null;
  alphaCi: [number, number] | null;
  omegaTotal: number | null;
}

const numberOrNaN = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN);

function omegaOrNull(complete: Float64Array[]): number | null {
  try {
    return finiteOrNull(omegaTotal(covarianceToCorrelation(covarianceMatrix(complete))).omegaTotal);
  } catch {
    // A singular correlation matrix (an item everyone answered the same) has no ML fit.
    return null;
  }
}

/**
 * Cronbach's α (Feldt 95 % CI) and ω_total of every scale of two or more items of the
 * study's forms, per session, on complete cases, as `rapport stats reliability` computes
 * them (src/core/stats, checked against psych). Reverse-keyed items are scored
 * min + max − x over their response set. One form per participant and session, so no one
 * counts twice in a row; fewer than k complete cases: withheld.
 */
export function scaleReliability(
  forms: readonly AnsweredForm[],
  definitions: ReadonlyMap<string, InstrumentDefinition>,
  k: number,
): ReliabilityRow[] {
  const rows: ReliabilityRow[] = [];
  const instruments = [...new Set(forms.map((f) => f.instrumentId))].sort();
  for (const instrumentId of instruments) {
    const definition = definitions.get(instrumentId);
    if (!definition) continue;
    const ofInstrument = forms.filter((f) => f.instrumentId === instrumentId);
    const sessions = [...new Set(ofInstrument.map((f) => f.sessionNumber))].sort((a, b) => a - b);
    const seen = new Set<string>();
    for (const scale of definition.scales) {
      // A scale of one item has no α; a second scale over the same items (WHO-5's
      // percentage) would repeat the first's row.
      const key = [...scale.items].sort().join(',');
      if (scale.items.length < 2 || seen.has(key)) continue;
      seen.add(key);
      for (const sessionNumber of sessions) {
        const byPerson = new Map<string, AnsweredForm>();
        for (const f of ofInstrument)
          if (f.sessionNumber === sessionNumber) byPerson.set(f.participantId, f);
        const columns = scale.items.map((itemId) => {
          const item = definition.items.find((i) => i.id === itemId);
          const column = Float64Array.from([...byPerson.values()], (f) =>
            numberOrNaN(f.answers[itemId]),
          );
          const options = definition.responseSets.find((r) => r.id === item?.responses)?.options;
          if (!item?.reverse || !options) return column;
          const values = options.map((o) => o.value);
          return reverseScored(column, Math.min(...values), Math.max(...values));
        });
        const complete = completeCases(columns);
        const n = smallCell(complete[0]!.length, k);
        const row: ReliabilityRow = {
          instrumentId,
          scaleId: scale.id,
          sessionNumber,
          items: scale.items.length,
          n,
          alpha: null,
          alphaCi: null,
          omegaTotal: null,
        };
        if (n !== null && n >= 3) {
          const alpha = cronbachAlpha(complete);
          const lo = finiteOrNull(alpha.alphaCI[0]);
          const hi = finiteOrNull(alpha.alphaCI[1]);
          row.alpha = finiteOrNull(alpha.alpha);
          row.alphaCi = lo === null || hi === null ? null : [lo, hi];
          row.omegaTotal = omegaOrNull(complete);
        }
        rows.push(row);
      }
    }
  }
  return rows;
}
