import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { classifyOutcome, outcomeCriteriaOf } from './classify-outcome.ts';

const criteria = (id: string) => outcomeCriteriaOf(findBundledInstrument(id)!, 'total')!;

// NHS Talking Therapies (IAPT) definitions, worked by hand: PHQ-9 reliable change ≥ 6 points,
// caseness ≥ 10; GAD-7 reliable change ≥ 4, caseness ≥ 8; recovery = case → not a case;
// reliable recovery = recovery + reliable improvement (src/core/instruments/bundled/*).
describe('classifyOutcome with the IAPT criteria', () => {
  const cases = [
    { id: 'phq-9', pre: 18, post: 7, category: 'reliable-recovery' }, // −11, 18 case, 7 not
    { id: 'phq-9', pre: 12, post: 9, category: 'recovered' }, // −3 < 6, but 12 → 9 leaves caseness
    { id: 'phq-9', pre: 24, post: 17, category: 'improved' }, // −7, still a case
    { id: 'phq-9', pre: 16, post: 10, category: 'improved' }, // −6 exactly; 10 is still a case
    { id: 'phq-9', pre: 16, post: 11, category: 'unchanged' }, // −5
    { id: 'phq-9', pre: 8, post: 2, category: 'improved' }, // −6, never a case
    { id: 'phq-9', pre: 9, post: 15, category: 'deteriorated' }, // +6
    { id: 'phq-9', pre: 9, post: 14, category: 'unchanged' }, // +5 (now a case, not reliable)
    { id: 'gad-7', pre: 8, post: 4, category: 'reliable-recovery' }, // −4, 8 is a case
    { id: 'gad-7', pre: 8, post: 7, category: 'recovered' }, // −1, 8 → 7 leaves caseness
    { id: 'gad-7', pre: 7, post: 3, category: 'improved' }, // −4, 7 is not a case
    { id: 'gad-7', pre: 15, post: 12, category: 'unchanged' }, // −3
    { id: 'gad-7', pre: 3, post: 7, category: 'deteriorated' }, // +4
  ] as const;
  it.each(cases)('$id $pre → $post is $category', (c) => {
    expect(classifyOutcome(c.pre, c.post, criteria(c.id)).category).toBe(c.category);
  });

  it('gives the numbers behind the category', () => {
    expect(classifyOutcome(18, 7, criteria('phq-9'))).toMatchObject({
      difference: -11,
      method: 'published-threshold',
      minimumChange: 6,
      rc: null,
      reliable: true,
      direction: 'improved',
      caseness: { operator: '>=', value: 10 },
      preCase: true,
      postCase: false,
    });
  });
});

describe('classifyOutcome with Jacobson–Truax parameters', () => {
  // SD 5, r .84 → S_diff = √(2·(5·0.4)²) = √8 ≈ 2.83; a change of 6 gives RC 2.12 > 1.96.
  const jt = {
    higherIsBetter: false,
    reliableChange: {
      scale: 'total',
      sd: 5,
      reliability: 0.84,
      reliabilityKind: 'test-retest' as const,
      source: 'test',
    },
    caseness: { operator: '>=' as const, value: 10 },
  };
  it('reliable improvement across the cut-off is reliable recovery; RC and S_diff are kept', () => {
    const result = classifyOutcome(14, 8, jt);
    expect(result.category).toBe('reliable-recovery');
    expect(result.rc).toBeCloseTo(-6 / Math.sqrt(8), 12);
    expect(result.sDiff).toBeCloseTo(Math.sqrt(8), 12);
  });
  it('a change of 5 (RC 1.77) is not reliable', () => {
    expect(classifyOutcome(20, 15, jt).category).toBe('unchanged');
    expect(classifyOutcome(20, 26, { ...jt, caseness: null }).category).toBe('deteriorated');
  });
});

describe('outcomeCriteriaOf', () => {
  it('has no criteria for the measures whose norms could not be checked', () => {
    for (const id of ['who-5', 'swls', 'flourishing-scale', 'score-15']) {
      const definition = findBundledInstrument(id)!;
      expect(outcomeCriteriaOf(definition, 'total')).toBeNull();
      expect(definition.noReliableChange.map((n) => n.reason)).toEqual(['no-verified-norms']);
    }
  });
});
