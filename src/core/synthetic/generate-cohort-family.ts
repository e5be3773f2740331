import type { AllianceRating, AllianceSession } from '../alliance/alliance-case-history.ts';
import { createSeededRandom, type SeededRandom } from '../random/seeded-random.ts';
import type { InjectedRupture, SyntheticAllianceClient } from './generate-alliance-cohort.ts';

/**
 * Cohort families for checking that the rupture rule generalises (issue 18, item 6): three
 * seeded generators of client total scores (mean-item metric, 1–5, rounded to the 12-item
 * grid) that differ in kind from each other and from generate-alliance-cohort.ts, which the
 * rule was first tuned on. Written separately on purpose: nothing here reads that generator's
 * options or the rule's parameters, so a rule cannot pass by sharing an assumption.
 *
 * Common to all: client mean μ_i ~ N(3.9, 0.5) kept in [2.2, 4.6]; 8–20 sessions; 0, 1 or 2
 * ruptures (50 / 35 / 15 %), at least five sessions apart, each after at least three scored
 * sessions, **1.0–1.6 mean-item points deep** (every item one to one and a half answer steps
 * lower: the ruptures the issue asks the rule to find), lasting one or two sessions and then
 * closing (75 %), or staying 0.7 deep for three more sessions before closing (25 %).
 *
 * - `ar1`: autocorrelated noise, e_t = φ·e_{t−1} + u_t with φ ~ U(0.3, 0.7) and a stationary
 *   SD σ_i ~ U(0.15, 0.35) (good and bad stretches of several sessions); no trend.
 * - `plateau`: a rise that levels off, μ_i + G_i·(1 − e^{−(t−1)/τ_i}) with G_i ~ U(0.2, 1.0)
 *   and τ_i ~ U(1, 3) sessions (the alliance builds early and then holds); independent noise
 *   σ_i ~ U(0.15, 0.35).
 * - `gappy`: client SDs from 0.1 to 0.4, a linear trend ~ N(0.02, 0.02) per session and 15 %
 *   of sessions missed (no-show, no score), so baselines span gaps.
 */
export type CohortFamily = 'ar1' | 'plateau' | 'gappy';

export const COHORT_FAMILIES: readonly CohortFamily[] = ['ar1', 'plateau', 'gappy'];

export interface CohortFamilyOptions {
  family: CohortFamily;
  clients: number;
  seed: number | string;
}

export function generateCohortFamily(options: CohortFamilyOptions): SyntheticAllianceClient[] {
  const random = createSeededRandom(`${options.family}:${options.seed}`);
  return Array.from({ length: options.clients }, (_, i) =>
    generateFamilyClient(options.family, i, random),
  );
}

function generateFamilyClient(
  family: CohortFamily,
  index: number,
  random: SeededRandom,
): SyntheticAllianceClient {
  const caseId = `${family}-${index + 1}`;
  const clientId = `${family}-client-${index + 1}`;
  const sessionCount = random.int(8, 20);
  const mean = Math.min(4.6, Math.max(2.2, random.normal(3.9, 0.5)));
  const sd = family === 'gappy' ? uniform(random, 0.1, 0.4) : uniform(random, 0.15, 0.35);
  const phi = family === 'ar1' ? uniform(random, 0.3, 0.7) : 0;
  const gain = family === 'plateau' ? uniform(random, 0.2, 1.0) : 0;
  const tau = family === 'plateau' ? uniform(random, 1, 3) : 1;
  const trend = family === 'gappy' ? random.normal(0.02, 0.02) : 0;
  const missed = new Array<boolean>(sessionCount + 1).fill(false);
  if (family === 'gappy') for (let t = 2; t <= sessionCount; t++) missed[t] = random.chance(0.15);

  const dips = new Array<number>(sessionCount + 1).fill(0);
  const ruptures: InjectedRupture[] = [];
  const count = drawCount(random);
  let earliest = 4;
  for (let r = 0; r < count; r++) {
    // Onset at a scored session with at least three scored sessions before it.
    const candidates: number[] = [];
    for (let t = earliest; t <= sessionCount; t++) {
      let before = 0;
      for (let s = 1; s < t; s++) if (!missed[s]) before++;
      if (!missed[t] && before >= 3) candidates.push(t);
    }
    if (candidates.length === 0) break;
    const session = candidates[random.int(0, candidates.length - 1)] as number;
    const depth = uniform(random, 1.0, 1.6);
    const length = random.int(1, 2);
    const lingers = random.chance(0.25);
    dips[session] = depth;
    if (length === 2 && session + 1 <= sessionCount)
      dips[session + 1] = depth * uniform(random, 0.6, 1);
    if (lingers)
      for (let t = session + length; t < session + length + 3 && t <= sessionCount; t++)
        dips[t] = 0.7 * depth;
    const closedBy = session + length + (lingers ? 3 : 0);
    ruptures.push({
      caseId,
      clientId,
      session,
      depth,
      depthInSd: depth / sd,
      depthInOwnSd: depth / sd,
      repaired: !lingers,
      repairedBySession: lingers ? null : closedBy,
    });
    earliest = Math.max(session + 5, closedBy + 1);
  }

  const ratings: AllianceRating[] = [];
  const sessions: AllianceSession[] = [];
  let noise = random.normal(0, sd);
  for (let t = 1; t <= sessionCount; t++) {
    if (t > 1) noise = phi * noise + random.normal(0, sd * Math.sqrt(1 - phi * phi));
    const level =
      mean + gain * (1 - Math.exp(-(t - 1) / tau)) + trend * (t - 1) - (dips[t] as number);
    sessions.push({
      number: t,
      date: new Date(Date.UTC(2026, 0, 5 + 7 * (t - 1))).toISOString(),
      attendance: missed[t] ? 'no-show' : 'attended',
    });
    if (missed[t]) continue;
    const total = Math.round(Math.min(5, Math.max(1, level + noise)) * 12) / 12;
    ratings.push({ session: t, respondentId: clientId, role: 'client', scores: { total } });
  }
  return {
    history: { caseId, sessions, ratings, feedback: [], outcomes: [], reliableChanges: [] },
    clientId,
    mean,
    sd,
    trend,
    ruptures,
  };
}

function drawCount(random: SeededRandom): number {
  const u = random.next();
  return u < 0.5 ? 0 : u < 0.85 ? 1 : 2;
}

function uniform(random: SeededRandom, min: number, max: number): number {
  return min + random.next() * (max - min);
}
