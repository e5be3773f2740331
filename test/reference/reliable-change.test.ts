// Rapport's reliable change and clinical significance against R (test/reference/reliable-change.R,
// output committed in reliable-change.txt), over the Dyadic Adjustment Scale data of Jacobson &
// Truax (1991, Table 2) and a synthetic grid.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../../src/core/instruments/bundled-instruments.ts';
import { classifyChange } from '../../src/core/outcomes/classify-change.ts';
import { classifyOutcome, outcomeCriteriaOf } from '../../src/core/outcomes/classify-outcome.ts';
import { clinicalCutOffs } from '../../src/core/outcomes/clinical-cut-offs.ts';
import {
  type ReliableChangeVariant,
  reliableChange,
} from '../../src/core/outcomes/reliable-change.ts';

interface Row {
  variant: ReliableChangeVariant;
  pre: number;
  post: number;
  sdPre: number;
  sdPost: number;
  reliability: number;
  sDiff: number;
  rc: number;
  reliable: boolean;
  cutOff?: number;
  category?: string;
  couple?: number;
}
const reference = JSON.parse(
  readFileSync(new URL('./reliable-change.txt', import.meta.url), 'utf8'),
) as {
  das: Row[];
  grid: Row[];
  cutOffs: {
    clinicalMean: number;
    clinicalSd: number;
    functionalMean: number;
    functionalSd: number;
    higherIsBetter: boolean;
    a: number;
    b: number;
    c: number;
  }[];
  iapt: { instrument: string; pre: number; post: number; category: string }[];
};

const TOLERANCE = 12; // decimal places: R and JavaScript share IEEE doubles

describe('reliable change matches R', () => {
  it('has the Jacobson & Truax (1991) Table 2 sample: 30 couples × 2 variants', () => {
    expect(reference.das).toHaveLength(60);
  });

  it.each([...reference.das, ...reference.grid])(
    '$variant pre $pre post $post (sd $sdPre/$sdPost, r $reliability)',
    (row) => {
      const change = reliableChange({
        pre: row.pre,
        post: row.post,
        sdPre: row.sdPre,
        sdPost: row.sdPost,
        reliability: row.reliability,
        variant: row.variant,
      });
      expect(change.sDiff).toBeCloseTo(row.sDiff, TOLERANCE);
      expect(change.rc).toBeCloseTo(row.rc, TOLERANCE);
      expect(change.reliable).toBe(row.reliable);
    },
  );

  // R classifies the DAS couples only (the grid has no cut-off), so every DAS row has a category.
  it.each(reference.das)('classifies couple $couple ($variant) as R does', (row) => {
    expect(row.category).toBeDefined();
    const change = reliableChange({
      pre: row.pre,
      post: row.post,
      sdPre: row.sdPre,
      sdPost: row.sdPost,
      reliability: row.reliability,
      variant: row.variant,
    });
    const category = classifyChange({
      pre: row.pre,
      post: row.post,
      change,
      cutOff: row.cutOff ?? null,
      higherIsBetter: true, // the DAS: higher is better adjusted
    }).category;
    expect(category).toBe(row.category);
  });

  it.each(reference.cutOffs)('cut-offs for M₁ $clinicalMean, M₀ $functionalMean', (row) => {
    const cut = clinicalCutOffs(
      { mean: row.clinicalMean, sd: row.clinicalSd },
      { mean: row.functionalMean, sd: row.functionalSd },
      row.higherIsBetter,
    );
    expect(cut.a).toBeCloseTo(row.a, TOLERANCE);
    expect(cut.b).toBeCloseTo(row.b, TOLERANCE);
    expect(cut.c).toBeCloseTo(row.c, TOLERANCE);
  });

  // The NHS Talking Therapies categories, written out again in R from the manual's
  // definitions, on every pair of PHQ-9 and GAD-7 totals: the criteria are read from the
  // bundled instrument files, so a changed number in a file fails here.
  it('classifies every PHQ-9 (28²) and GAD-7 (22²) pair as R does with the IAPT rules', () => {
    expect(reference.iapt).toHaveLength(28 * 28 + 22 * 22);
    const criteria = new Map(
      ['phq-9', 'gad-7'].map((id) => [id, outcomeCriteriaOf(findBundledInstrument(id)!, 'total')!]),
    );
    const mismatches = reference.iapt.filter(
      (row) =>
        classifyOutcome(row.pre, row.post, criteria.get(row.instrument)!).category !== row.category,
    );
    expect(mismatches).toEqual([]);
    // Every category occurs on each measure, so the comparison covers each branch.
    for (const id of ['phq-9', 'gad-7'])
      expect(
        new Set(reference.iapt.filter((r) => r.instrument === id).map((r) => r.category)),
      ).toEqual(
        new Set(['reliable-recovery', 'recovered', 'improved', 'unchanged', 'deteriorated']),
      );
  });
});
