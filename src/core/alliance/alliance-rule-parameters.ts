import type { AllianceScale } from './alliance-case-history.ts';
import type { ExpectedResponseModel } from './expected-response-model.ts';

/**
 * Every threshold of the alliance engine, as data. The defaults are those of docs/methods.md
 * ("Alliance analytics"); where docs/methods.md leaves a value open, the default and its reason
 * are written next to it. A clinic overrides any of them, and each finding stores the
 * parameters of the rule that produced it, so an alert can always say why it fired.
 */
export interface RuptureParameters {
  /** Baseline = mean of the previous `window` scores (docs/methods.md: w = 3). */
  window: number;
  /** Rupture when A_t ≤ baseline − k·SD (docs/methods.md: 1 lenient, 2 strict, default 1.5). */
  k: number;
  /** Use max(own SD, pooled SD) rather than the own SD (Gumz et al. 2012; default on). */
  stricter: boolean;
  /**
   * The interindividual SD of clients' scores (mean-item metric): Gumz et al. (2012) take the
   * stricter of the client's own (intraindividual) and the interindividual variability, so a
   * wobble that is small next to how much clients differ does not alarm
   * (estimate-interindividual-sd.ts computes it from a clinic's records). `null` means
   * unknown: the rule then uses the client's own SD even when `stricter` is on.
   */
  pooledSd: number | null;
  /** The idiographic rule needs this many prior scores (docs/methods.md: 3). */
  minPriorScores: number;
  /**
   * Before `minPriorScores` exist: rupture when the score fell by at least this much from
   * the previous session. 1.0 mean-item point is every item one full response step lower
   * (e.g. "very often" → "fairly often" on all twelve WAI-SR items), about three typical
   * within-client SDs, and the same size docs/methods.md uses for a meaningful client–therapist
   * gap; smaller early drops are too often noise in the first, least stable sessions.
   */
  fallbackDrop: number;
  /** Scales examined; drops on subscales are listed in the evidence of a total's rupture. */
  scales: readonly AllianceScale[];
  /**
   * Scales whose ruptures raise an alert of their own. Default: the total only. A four-item
   * subscale is much noisier than the twelve-item total; on the synthetic cohort (which has
   * no subscale-specific ruptures) letting subscales alert added 0.65 false alerts per
   * client (bench/README.md). A clinic that wants bond-only ruptures flagged adds 'bond'.
   */
  alertScales: readonly AllianceScale[];
}

export interface RepairParameters {
  /** A rupture is repaired when a later score within `horizon` scores returns (docs/methods.md: h = 3). */
  horizon: number;
  /**
   * Repaired when a score returns to ≥ baseline − ε. One response step on one item of the
   * 12-item WAI-SR moves the mean-item score by 1/12 ≈ 0.08, so ε = 0.1 counts "back to
   * usual but for one item" as back, and nothing looser.
   */
  epsilon: number;
}

export interface SelfReportParameters {
  /** Tension item (0–4) at or above this is a self-reported rupture (docs/methods.md: 2). */
  tensionThreshold: number;
  /**
   * A resolution answer (0–4) at or above this reads as resolved in the session, which is
   * good news (severity info). 3 is the upper half of the 0–4 answer scale.
   */
  resolvedThreshold: number;
}

export interface DiscrepancyParameters {
  /** Flag |A_client − A_therapist| ≥ threshold (docs/methods.md: 1.0 mean-item point). */
  threshold: number;
  /** Scales that raise the flag (docs/methods.md: goal or task); all four are in the evidence. */
  scales: readonly AllianceScale[];
}

export interface SplitParameters {
  /** Flag Split_t = max − min across members at or above this (docs/methods.md: 1.0). */
  threshold: number;
  /** Scales examined (docs/methods.md: bond and total). */
  scales: readonly AllianceScale[];
}

export interface EarlyCheckpointParameters {
  /** The session by which the alliance should be established (docs/methods.md: 5). */
  bySession: number;
  /**
   * The plan-defined level on the total, mean-item metric. Default 3.0 = "fairly often" on
   * the WAI-SR's answer scale: a client who on average endorses the alliance items less
   * than fairly often by session 5 has no established alliance yet.
   */
  minimumLevel: number;
  /**
   * Falling means an OLS slope over sessions 1..bySession below −slopeTolerance points per
   * session. With within-client noise of ~0.3 the slope over five sessions has a standard
   * error of ~0.3/√10 ≈ 0.095; 0.15 (a 0.6-point fall across five sessions) is about 1.5
   * standard errors, so flat-but-noisy starts rarely trip it.
   */
  slopeTolerance: number;
  /** At least this many scores among sessions 1..bySession are needed for a slope. */
  minScoresForTrend: number;
}

export interface OutcomeParameters {
  /** Instruments whose risk item (answer > 0) raises an urgent finding (docs/methods.md: PHQ-9 item 9). */
  riskInstrumentIds: readonly string[];
  /**
   * Expected-response models per instrument. None by default: Rapport ships no curve it
   * cannot show the fitting sample of; a clinic fits one on its own data
   * (fit-expected-response-model.ts) or enters published parameters.
   */
  expectedResponseModels: readonly ExpectedResponseModel[];
}

export interface DisengagementParameters {
  /** Look for cancellations and no-shows in the `withinSessions` booked sessions after a rupture. */
  withinSessions: number;
  /**
   * How many missed sessions raise the flag. 1: unrepaired ruptures go with dropout, and
   * a call after one missed session is cheap next to losing the client.
   */
  minMissed: number;
}

export interface AllianceRuleParameters {
  rupture: RuptureParameters;
  repair: RepairParameters;
  selfReport: SelfReportParameters;
  discrepancy: DiscrepancyParameters;
  split: SplitParameters;
  earlyCheckpoint: EarlyCheckpointParameters;
  outcomes: OutcomeParameters;
  disengagement: DisengagementParameters;
}

export const DEFAULT_ALLIANCE_RULE_PARAMETERS: AllianceRuleParameters = {
  rupture: {
    window: 3,
    k: 1.5,
    stricter: true,
    // A stand-in until the clinic supplies its own interindividual SD (the settings page
    // shows the clinic's measured value): client means spread by about half a point and
    // clients vary by about 0.3 within, √(0.5² + 0.3²) ≈ 0.6 — the spread of the synthetic
    // cohort (src/core/synthetic), not a published norm. It was 0.3, a pooled within-client
    // SD, until we read Gumz et al. as meaning the interindividual SD: on the synthetic
    // cohort that reading cuts false alarms on noise about fivefold (bench/README.md).
    pooledSd: 0.6,
    minPriorScores: 3,
    fallbackDrop: 1.0,
    scales: ['total', 'goal', 'task', 'bond'],
    alertScales: ['total'],
  },
  repair: { horizon: 3, epsilon: 0.1 },
  selfReport: { tensionThreshold: 2, resolvedThreshold: 3 },
  discrepancy: { threshold: 1.0, scales: ['goal', 'task'] },
  split: { threshold: 1.0, scales: ['bond', 'total'] },
  earlyCheckpoint: { bySession: 5, minimumLevel: 3.0, slopeTolerance: 0.15, minScoresForTrend: 3 },
  outcomes: { riskInstrumentIds: ['phq-9'], expectedResponseModels: [] },
  disengagement: { withinSessions: 3, minMissed: 1 },
};

export type AllianceRuleParameterOverrides = {
  [K in keyof AllianceRuleParameters]?: Partial<AllianceRuleParameters[K]>;
};

/** The defaults with a clinic's overrides laid over them, one group at a time. */
export function resolveAllianceRuleParameters(
  overrides: AllianceRuleParameterOverrides = {},
  defaults: AllianceRuleParameters = DEFAULT_ALLIANCE_RULE_PARAMETERS,
): AllianceRuleParameters {
  return {
    rupture: { ...defaults.rupture, ...overrides.rupture },
    repair: { ...defaults.repair, ...overrides.repair },
    selfReport: { ...defaults.selfReport, ...overrides.selfReport },
    discrepancy: { ...defaults.discrepancy, ...overrides.discrepancy },
    split: { ...defaults.split, ...overrides.split },
    earlyCheckpoint: { ...defaults.earlyCheckpoint, ...overrides.earlyCheckpoint },
    outcomes: { ...defaults.outcomes, ...overrides.outcomes },
    disengagement: { ...defaults.disengagement, ...overrides.disengagement },
  };
}
