import type { ReliableChange } from './reliable-change.ts';

export type ChangeCategory = 'recovered' | 'improved' | 'unchanged' | 'deteriorated';

export interface ChangeClassification {
  category: ChangeCategory;
  rc: number;
  reliable: boolean;
  /** The cut-off used (a, b or c), or null when none was given. */
  cutOff: number | null;
  /** True when pre was on the dysfunctional side of the cut-off and post on the functional side. */
  crossedCutOff: boolean;
  higherIsBetter: boolean;
}

/**
 * Jacobson & Truax (1991) categories: recovered = reliable improvement that also crossed the
 * cut-off; improved = reliable improvement without crossing; deteriorated = reliable change in
 * the wrong direction; otherwise unchanged. Direction comes from the instrument
 * (`higherIsBetter`). A score exactly on the cut-off counts as not yet across it.
 */
export function classifyChange(input: {
  pre: number;
  post: number;
  change: ReliableChange;
  cutOff: number | null;
  higherIsBetter: boolean;
}): ChangeClassification {
  const { pre, post, change, cutOff, higherIsBetter } = input;
  const better = (x: number, y: number) => (higherIsBetter ? x > y : x < y);
  const improvedReliably = change.reliable && better(post, pre);
  const worsenedReliably = change.reliable && better(pre, post);
  const crossedCutOff = cutOff !== null && !better(pre, cutOff) && better(post, cutOff);
  const category: ChangeCategory = improvedReliably
    ? crossedCutOff
      ? 'recovered'
      : 'improved'
    : worsenedReliably
      ? 'deteriorated'
      : 'unchanged';
  return {
    category,
    rc: change.rc,
    reliable: change.reliable,
    cutOff,
    crossedCutOff,
    higherIsBetter,
  };
}
