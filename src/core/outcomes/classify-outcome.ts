import { compare } from '../instruments/compare.ts';
import type {
  Comparison,
  InstrumentDefinition,
  ReliableChangeParameters,
} from '../instruments/instrument-definition.ts';
import { reliableChange } from './reliable-change.ts';

/**
 * A person's change on one outcome scale, against their first score. "recovered" is moving
 * from a case (the instrument's caseness cut-off) to not a case; "reliable-recovery" is that
 * together with a reliable improvement (NHS Talking Therapies; for Jacobson & Truax this is
 * their "recovered": reliable change that also crossed the cut-off).
 */
export type OutcomeCategory =
  'reliable-recovery' | 'recovered' | 'improved' | 'unchanged' | 'deteriorated';

export interface OutcomeCriteria {
  higherIsBetter: boolean;
  reliableChange: ReliableChangeParameters;
  /** The rule a case meets (e.g. `>= 10`), or null when the instrument defines no caseness. */
  caseness: { operator: Comparison; value: number } | null;
}

export interface OutcomeClassification {
  pre: number;
  post: number;
  /** post − pre, in scale points. */
  difference: number;
  method: 'published-threshold' | 'jacobson-truax';
  /** The published criterion in points (threshold method), else null. */
  minimumChange: number | null;
  /** Jacobson–Truax RC and S_diff, else null. */
  rc: number | null;
  sDiff: number | null;
  reliable: boolean;
  /** Which way a reliable change went, or null when the change is not reliable. */
  direction: 'improved' | 'deteriorated' | null;
  caseness: { operator: Comparison; value: number } | null;
  /** Whether each score was a case; null without caseness. */
  preCase: boolean | null;
  postCase: boolean | null;
  category: OutcomeCategory;
}

/** |RC| above this is reliable at p < .05 (Jacobson & Truax 1991). */
export const RC_CRITERION = 1.96;

/**
 * Classifies the change from `pre` to `post`. With a published criterion in points (NHS
 * Talking Therapies: PHQ-9 6, GAD-7 4) a change of at least that size either way is reliable;
 * with an SD and reliability it is Jacobson & Truax's |RC| > 1.96. Deterioration comes first
 * (a reliable change for the worse); then recovery (a case before, not a case after), reliable
 * when the improvement is also reliable; then reliable improvement; otherwise unchanged.
 */
export function classifyOutcome(
  pre: number,
  post: number,
  criteria: OutcomeCriteria,
): OutcomeClassification {
  const { higherIsBetter, caseness } = criteria;
  const parameters = criteria.reliableChange;
  const difference = post - pre;
  let reliable: boolean;
  let rc: number | null = null;
  let sDiff: number | null = null;
  let minimumChange: number | null = null;
  if ('minimumChange' in parameters) {
    minimumChange = parameters.minimumChange;
    reliable = Math.abs(difference) >= minimumChange;
  } else {
    const change = reliableChange({
      pre,
      post,
      sdPre: parameters.sd,
      reliability: parameters.reliability,
      variant: 'jacobson-truax',
      criterion: RC_CRITERION,
    });
    reliable = change.reliable;
    rc = change.rc;
    sDiff = change.sDiff;
  }
  const better = higherIsBetter ? difference > 0 : difference < 0;
  const direction = !reliable || difference === 0 ? null : better ? 'improved' : 'deteriorated';
  const isCase = (x: number) => (caseness ? compare(x, caseness.operator, caseness.value) : null);
  const preCase = isCase(pre);
  const postCase = isCase(post);
  const recovered = preCase === true && postCase === false;
  const category: OutcomeCategory =
    direction === 'deteriorated'
      ? 'deteriorated'
      : recovered
        ? direction === 'improved'
          ? 'reliable-recovery'
          : 'recovered'
        : direction === 'improved'
          ? 'improved'
          : 'unchanged';
  return {
    pre,
    post,
    difference,
    method: minimumChange === null ? 'jacobson-truax' : 'published-threshold',
    minimumChange,
    rc,
    sDiff,
    reliable,
    direction,
    caseness,
    preCase,
    postCase,
    category,
  };
}

/** The criteria an instrument's file gives for one scale, or null when it gives none. */
export function outcomeCriteriaOf(
  definition: InstrumentDefinition,
  scaleId: string,
): OutcomeCriteria | null {
  const parameters = definition.reliableChange.find((r) => r.scale === scaleId);
  if (parameters === undefined) return null;
  const scale = definition.scales.find((s) => s.id === scaleId);
  const casenessRule = definition.caseness.find((c) => c.scale === scaleId);
  const cut = casenessRule && definition.cutOffs.find((c) => c.id === casenessRule.cutOff);
  return {
    higherIsBetter: scale?.higherIsBetter ?? definition.higherIsBetter,
    reliableChange: parameters,
    caseness: cut ? { operator: cut.operator, value: cut.value } : null,
  };
}
