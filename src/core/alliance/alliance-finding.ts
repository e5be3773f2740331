import type {
  AllianceScale,
  ReliableChangeCategory,
  RespondentRole,
} from './alliance-case-history.ts';
import type {
  DisengagementParameters,
  DiscrepancyParameters,
  EarlyCheckpointParameters,
  RepairParameters,
  RuptureParameters,
  SelfReportParameters,
  SplitParameters,
} from './alliance-rule-parameters.ts';
import type { ExpectedResponseModel } from './expected-response-model.ts';
import type { FindingMessage } from './finding-message.ts';

/**
 * What the alliance engine hands back: findings, which the alert layer turns into alerts.
 * A finding's `key` names its evidence (case, respondent(s), rule, scale, onset session),
 * never its current values, so re-running the engine on the same data gives the same key
 * and a new score either keeps a finding, updates it (same key, new `revision`) or
 * resolves it (same key, status `repaired` / `unresolved` / `resolved`).
 */
export type FindingSeverity = 'info' | 'warning' | 'urgent';

/**
 * `open` / `repaired` / `unresolved` for ruptures (docs/methods.md, "Repair"); `active` /
 * `resolved` for conditions that can stop holding (a split, a discrepancy, off track).
 */
export type FindingStatus = 'open' | 'repaired' | 'unresolved' | 'active' | 'resolved';

export interface ScorePoint {
  session: number;
  score: number;
}

interface FindingBase<TType extends string, TEvidence, TParameters> {
  key: string;
  type: TType;
  severity: FindingSeverity;
  status: FindingStatus;
  caseId: string;
  /** Respondents the finding is about (one client; a dyad; the members of a split). */
  respondentIds: readonly string[];
  /** The session the finding starts at (onset), and the latest session that informed it. */
  session: number;
  latestSession: number;
  /** One plain-language sentence for the therapist, as a catalogue key and its parameters. */
  explanation: FindingMessage;
  /** The rule (file) that produced it and the exact parameters it used. */
  rule: string;
  parameters: TParameters;
  evidence: TEvidence;
  /** Changes whenever anything above changes; the alert layer updates on a new revision. */
  revision: string;
}

export interface RuptureEvidence {
  respondentId: string;
  role: RespondentRole;
  scale: AllianceScale;
  method: 'idiographic' | 'absolute-drop';
  score: number;
  previousScore: number;
  /** Mean of the previous w scores (idiographic) or the previous score (absolute drop). */
  baseline: number;
  ownSd: number | null;
  pooledSd: number | null;
  /** The SD the rule used: own, or max(own, pooled) when stricter. */
  sd: number | null;
  /** The score at or below which the rule fires. */
  threshold: number;
  priorScores: readonly ScorePoint[];
  /** Scores after the rupture inside the repair window. */
  followUpScores: readonly ScorePoint[];
  repairedAt: ScorePoint | null;
  /** Other scales of the same respondent that also crossed their threshold at this session. */
  alsoOnScales: readonly { scale: AllianceScale; score: number; threshold: number }[];
}

export interface SelfReportedRuptureEvidence {
  respondentId: string;
  tension: number;
  resolution: number | null;
}

export interface DiscrepancyEvidence {
  clientId: string;
  therapistId: string;
  /** The therapist's form that was compared (its id), when the history names it. */
  therapistInstrumentId?: string;
  /** Every paired session of the episode, with D = client − therapist per scale. */
  sessions: readonly {
    session: number;
    client: Partial<Record<AllianceScale, number>>;
    therapist: Partial<Record<AllianceScale, number>>;
    difference: Partial<Record<AllianceScale, number>>;
    flaggedScales: readonly AllianceScale[];
  }[];
  /** The first paired session after the episode that no longer met the rule. */
  resolvedAtSession: number | null;
}

export interface SplitEvidence {
  sessions: readonly {
    session: number;
    members: readonly { respondentId: string; scores: Partial<Record<AllianceScale, number>> }[];
    split: Partial<Record<AllianceScale, number>>;
    flaggedScales: readonly AllianceScale[];
  }[];
  /** Each member's line on the split scales up to the latest session (docs/methods.md). */
  memberLines: readonly {
    respondentId: string;
    scale: AllianceScale;
    points: readonly ScorePoint[];
  }[];
  resolvedAtSession: number | null;
}

export interface EarlyCheckpointEvidence {
  respondentId: string;
  scale: AllianceScale;
  scores: readonly ScorePoint[];
  latest: ScorePoint;
  /** OLS slope per session over the scores, or null with too few scores. */
  slope: number | null;
  belowLevel: boolean;
  falling: boolean;
}

export interface RiskItemEvidence {
  respondentId: string;
  instrumentId: string;
  answer: number;
  total: number;
}

export interface NotOnTrackEvidence {
  respondentId: string;
  instrumentId: string;
  intake: ScorePoint;
  points: readonly {
    session: number;
    t: number;
    observed: number;
    expected: number;
    worseBy: number;
  }[];
  resolvedAtSession: number | null;
}

export interface ReliableChangeEvidence {
  respondentId: string;
  instrumentId: string;
  category: Exclude<ReliableChangeCategory, 'unchanged'>;
  results: readonly {
    session: number;
    rci: number | null;
    pre: number | null;
    post: number | null;
  }[];
  resolvedAtSession: number | null;
}

export interface DisengagementEvidence {
  respondentId: string;
  /** The rupture that came first: an idiographic rupture's key or a self-reported one's. */
  ruptureKey: string;
  ruptureSession: number;
  missedSessions: readonly { session: number; date: string; attendance: 'cancelled' | 'no-show' }[];
}

export type RuptureFinding = FindingBase<
  'rupture',
  RuptureEvidence,
  { rupture: RuptureParameters; repair: RepairParameters }
>;
export type SelfReportedRuptureFinding = FindingBase<
  'self-reported-rupture',
  SelfReportedRuptureEvidence,
  SelfReportParameters
>;
export type DiscrepancyFinding = FindingBase<
  'client-therapist-discrepancy',
  DiscrepancyEvidence,
  DiscrepancyParameters
>;
export type SplitAllianceFinding = FindingBase<'split-alliance', SplitEvidence, SplitParameters>;
export type EarlyCheckpointFinding = FindingBase<
  'early-checkpoint',
  EarlyCheckpointEvidence,
  EarlyCheckpointParameters
>;
export type RiskItemFinding = FindingBase<
  'risk-item',
  RiskItemEvidence,
  { riskInstrumentIds: readonly string[] }
>;
export type NotOnTrackFinding = FindingBase<
  'not-on-track',
  NotOnTrackEvidence,
  ExpectedResponseModel
>;
export type ReliableChangeFinding = FindingBase<
  'reliable-change',
  ReliableChangeEvidence,
  Record<string, never>
>;
export type DisengagementFinding = FindingBase<
  'disengagement',
  DisengagementEvidence,
  DisengagementParameters
>;

export type AllianceFinding =
  | RuptureFinding
  | SelfReportedRuptureFinding
  | DiscrepancyFinding
  | SplitAllianceFinding
  | EarlyCheckpointFinding
  | RiskItemFinding
  | NotOnTrackFinding
  | ReliableChangeFinding
  | DisengagementFinding;

export type AllianceFindingType = AllianceFinding['type'];
