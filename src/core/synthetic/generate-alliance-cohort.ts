import type { AllianceCaseHistory, AllianceRating } from '../alliance/alliance-case-history.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../alliance/alliance-rule-parameters.ts';
import { createSeededRandom, type SeededRandom } from '../random/seeded-random.ts';

/**
 * A seeded generator of realistic, noisy WAI-SR-like alliance series for a cohort of
 * individual clients, with ruptures of known depth and (sometimes) their repair injected,
 * and a record of exactly where they were put: the ground truth the engine is measured
 * against. Synthetic data only; every number below is a documented assumption.
 *
 * Per client i (mean-item metric, 1–5):
 *   level_t  = μ_i + β_i·(t − 1)                       gentle upward trend
 *   total_t  = clamp(level_t − dip_t + e_t, 1, 5), e_t ~ N(0, σ_i), rounded to 1/12
 * μ_i ~ N(3.9, 0.5) kept in [2.2, 4.8] (WAI-SR samples average about 3.8–4.0 with a
 * between-client SD around half a point); σ_i ~ U(0.15, 0.45), the client's own
 * session-to-session SD (median 0.3, the engine's default pooled SD); β_i ~ N(0.02, 0.015)
 * per session (alliance tends to grow slowly over a course). Scores are rounded to the
 * 1/12 grid because a 12-item mean can take no other values, and clamped because a
 * questionnaire cannot exceed its range (which compresses noise near 5, as real data do).
 * Subscales share most of the session noise (shared 0.85·σ) and add their own, so each
 * four-item subscale is noisier than the total, as in real data; the total is their mean.
 *
 * Ruptures: 0, 1 or 2 per client (50 %, 35 %, 15 %; Stevens et al. 2007 found local
 * rupture–repair patterns in half of their cases), at a session with at least three prior
 * scores and at least h + 2 sessions after the previous injected rupture. Depth
 * d = max(minimum depth, U(2.5, 3.5)·SD_i) with SD_i = max(σ_i, 0.6): measured in the SD the
 * default rule judges this client by (the stricter of the client's own and the
 * interindividual SD, Gumz et al. 2012), so the dips sit one to two SDs beyond the default
 * threshold k = 1.5 — ruptures the rule is meant to catch, 1.5–2.1 points for most clients.
 * `depthSdFloor: null` measures depth in the client's own SD instead (shallower dips for
 * steady clients; the benchmark reports both). With probability 0.7 it is repaired: the
 * dip closes linearly over 1–3 sessions; otherwise 80 % of it persists.
 * A therapist form per session (the therapist's view: level + 0.1 + own noise, no
 * ruptures) makes the cases complete for the benchmark.
 */
export interface AllianceCohortOptions {
  clients: number;
  seed: number | string;
  sessions: { min: number; max: number };
  clientMean: { mean: number; sd: number; min: number; max: number };
  clientSd: { min: number; max: number };
  trendPerSession: { mean: number; sd: number };
  ruptureCountProbabilities: readonly number[];
  /** Rupture depth in units of max(σ_i, depthSdFloor), or of σ_i when the floor is null. */
  depthInSd: { min: number; max: number };
  depthSdFloor: number | null;
  minimumDepth: number;
  earliestRuptureSession: number;
  repairProbability: number;
  repairLagSessions: { min: number; max: number };
  unrepairedPersistence: number;
  /** Minimum distance between two injected ruptures of one client (sessions). */
  ruptureSpacing: number;
}

export const DEFAULT_ALLIANCE_COHORT_OPTIONS: AllianceCohortOptions = {
  clients: 500,
  seed: 'alliance-cohort',
  sessions: { min: 8, max: 20 },
  clientMean: { mean: 3.9, sd: 0.5, min: 2.2, max: 4.8 },
  clientSd: { min: 0.15, max: 0.45 },
  trendPerSession: { mean: 0.02, sd: 0.015 },
  ruptureCountProbabilities: [0.5, 0.35, 0.15],
  depthInSd: { min: 2.5, max: 3.5 },
  // The engine's default pooled (interindividual) SD, so "depth in SDs" means what the
  // default rule means by it.
  depthSdFloor: DEFAULT_ALLIANCE_RULE_PARAMETERS.rupture.pooledSd,
  minimumDepth: 0.6,
  earliestRuptureSession: 4,
  repairProbability: 0.7,
  repairLagSessions: { min: 1, max: 3 },
  unrepairedPersistence: 0.8,
  ruptureSpacing: 5,
};

export interface InjectedRupture {
  caseId: string;
  clientId: string;
  session: number;
  depth: number;
  /** Depth in units of max(σ_i, depthSdFloor), the generator's own measure. */
  depthInSd: number;
  /** Depth in the client's own session-to-session SDs. */
  depthInOwnSd: number;
  repaired: boolean;
  /** The session by which the dip had closed, when repaired. */
  repairedBySession: number | null;
}

export interface SyntheticAllianceClient {
  history: AllianceCaseHistory;
  clientId: string;
  mean: number;
  sd: number;
  trend: number;
  ruptures: readonly InjectedRupture[];
}

export function generateAllianceCohort(
  overrides: Partial<AllianceCohortOptions> = {},
): SyntheticAllianceClient[] {
  const options = { ...DEFAULT_ALLIANCE_COHORT_OPTIONS, ...overrides };
  const random = createSeededRandom(options.seed);
  return Array.from({ length: options.clients }, (_, i) => generateClient(i, options, random));
}

function generateClient(
  index: number,
  o: AllianceCohortOptions,
  random: SeededRandom,
): SyntheticAllianceClient {
  const caseId = `synthetic-${index + 1}`;
  const clientId = `client-${index + 1}`;
  const therapistId = `therapist-${(index % 25) + 1}`;
  const sessionCount = random.int(o.sessions.min, o.sessions.max);
  const mean = clamp(
    random.normal(o.clientMean.mean, o.clientMean.sd),
    o.clientMean.min,
    o.clientMean.max,
  );
  const sd = o.clientSd.min + random.next() * (o.clientSd.max - o.clientSd.min);
  const trend = random.normal(o.trendPerSession.mean, o.trendPerSession.sd);

  const dips = new Array<number>(sessionCount + 1).fill(0);
  const ruptures: InjectedRupture[] = [];
  const count = drawCount(o.ruptureCountProbabilities, random);
  let earliest = o.earliestRuptureSession;
  for (let r = 0; r < count && earliest <= sessionCount; r++) {
    const session = random.int(earliest, sessionCount);
    const depthInSd = o.depthInSd.min + random.next() * (o.depthInSd.max - o.depthInSd.min);
    const depthSd = Math.max(sd, o.depthSdFloor ?? 0);
    const depth = Math.max(o.minimumDepth, depthInSd * depthSd);
    const repaired = random.chance(o.repairProbability);
    const lag = random.int(o.repairLagSessions.min, o.repairLagSessions.max);
    for (let t = session; t <= sessionCount; t++) {
      const since = t - session;
      const dip = repaired
        ? Math.max(0, depth * (1 - since / lag))
        : t === session
          ? depth
          : depth * o.unrepairedPersistence;
      dips[t] = Math.max(dips[t] as number, dip);
    }
    ruptures.push({
      caseId,
      clientId,
      session,
      depth,
      depthInSd: depth / depthSd,
      depthInOwnSd: depth / sd,
      repaired,
      repairedBySession: repaired ? session + lag : null,
    });
    earliest = session + o.ruptureSpacing;
  }

  const ratings: AllianceRating[] = [];
  for (let t = 1; t <= sessionCount; t++) {
    const level = mean + trend * (t - 1) - (dips[t] as number);
    const shared = random.normal(0, 0.85 * sd);
    const specificSd = sd * Math.sqrt((1 - 0.85 ** 2) * 3);
    const goal = toGrid(clamp(level + shared + random.normal(0, specificSd), 1, 5), 4);
    const task = toGrid(clamp(level + shared + random.normal(0, specificSd), 1, 5), 4);
    const bond = toGrid(clamp(level + shared + random.normal(0, specificSd), 1, 5), 4);
    ratings.push({
      session: t,
      respondentId: clientId,
      role: 'client',
      scores: { goal, task, bond, total: (goal + task + bond) / 3 },
    });
    const therapistLevel = mean + 0.1 + trend * (t - 1);
    const tScores = [0, 1, 2].map(() =>
      toGrid(clamp(therapistLevel + random.normal(0, 0.25), 1, 5), 4),
    );
    ratings.push({
      session: t,
      respondentId: therapistId,
      role: 'therapist',
      aboutClientId: clientId,
      scores: {
        goal: tScores[0],
        task: tScores[1],
        bond: tScores[2],
        total: ((tScores[0] ?? 0) + (tScores[1] ?? 0) + (tScores[2] ?? 0)) / 3,
      },
    });
  }
  return {
    history: {
      caseId,
      sessions: Array.from({ length: sessionCount }, (_, i) => ({
        number: i + 1,
        date: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString(),
        attendance: 'attended' as const,
      })),
      ratings,
      feedback: [],
      outcomes: [],
      reliableChanges: [],
    },
    clientId,
    mean,
    sd,
    trend,
    ruptures,
  };
}

function drawCount(probabilities: readonly number[], random: SeededRandom): number {
  let u = random.next();
  for (let i = 0; i < probabilities.length; i++) {
    u -= probabilities[i] as number;
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A four-item subscale mean can only be a multiple of 1/4. */
function toGrid(value: number, items: number): number {
  return Math.round(value * items) / items;
}
