import { fitRandomIntercept } from '../../stats/random-intercept-model.ts';
import { type CellCount, smallCell } from '../small-cells.ts';
import {
  ALLIANCE_INSTRUMENT,
  finiteOrNull,
  OUTCOME_INSTRUMENTS,
  OUTCOME_SCALE,
  type OutcomeInstrument,
  type ScoreObservation,
} from './study-observations.ts';

/** The model's fixed effects, named as in the table and the CSV. */
export const LAGGED_TERMS = ['(Intercept)', 'alliance-within', 'alliance-between'] as const;

export interface LaggedRow {
  /** A client, the alliance (WAI-SR total) at session t and the outcome at their next one. */
  participantId: string;
  allianceAt: number;
  outcomeAt: number;
  alliance: number;
  outcome: number;
}

export interface LaggedModel {
  outcome: OutcomeInstrument;
  /** Rows (pairs of consecutive occasions); null when the clients are withheld. */
  n: CellCount;
  /** Clients (the random intercept's groups); null when withheld (1 ≤ clients < k). */
  clients: CellCount;
  /** Null when the model was fitted; else why not. */
  notEstimable: null | 'withheld' | 'too-few-rows' | 'no-fit';
  fixed: { term: (typeof LAGGED_TERMS)[number]; estimate: number; se: number; t: number }[];
  variance: { client: number; residual: number } | null;
  remlCriterion: number | null;
}

/**
 * Each client's pairs of consecutive occasions: the WAI-SR total at session t and the
 * outcome total at the client's next session after t that has the outcome.
 */
export function laggedRows(
  observations: readonly ScoreObservation[],
  outcome: OutcomeInstrument,
): LaggedRow[] {
  const alliance = new Map<string, Map<number, number>>();
  const outcomes = new Map<string, Map<number, number>>();
  for (const o of observations) {
    if (o.role !== 'client' || o.value === null || o.scaleId !== OUTCOME_SCALE) continue;
    const target =
      o.instrumentId === ALLIANCE_INSTRUMENT
        ? alliance
        : o.instrumentId === outcome
          ? outcomes
          : null;
    if (!target) continue;
    const sessions = target.get(o.participantId) ?? new Map<number, number>();
    sessions.set(o.sessionNumber, o.value);
    target.set(o.participantId, sessions);
  }
  const rows: LaggedRow[] = [];
  for (const [participantId, sessions] of [...alliance].sort(([a], [b]) => a.localeCompare(b))) {
    const later = [...(outcomes.get(participantId) ?? new Map<number, number>())].sort(
      ([a], [b]) => a - b,
    );
    for (const [t, value] of [...sessions].sort(([a], [b]) => a - b)) {
      const next = later.find(([s]) => s > t);
      if (next)
        rows.push({
          participantId,
          allianceAt: t,
          outcomeAt: next[0],
          alliance: value,
          outcome: next[1],
        });
    }
  }
  return rows;
}

/**
 * Alliance at session t predicting the outcome at t + 1 (the client's next measured
 * session), with the alliance disaggregated by person-mean centring (Curran & Bauer 2011,
 * Annu Rev Psychol 62:583–619): `alliance-between` is the client's mean alliance over the
 * rows in the model, `alliance-within` the session's deviation from it; a random intercept
 * per client, REML (src/core/stats/random-intercept-model.ts, as lme4::lmer
 * `outcome ~ within + between + (1 | client)`). lme4 refuses a grouping factor with as many
 * levels as rows, and so does this ('too-few-rows'); fewer than k clients: withheld.
 */
export function laggedAllianceModels(
  observations: readonly ScoreObservation[],
  k: number,
): LaggedModel[] {
  return OUTCOME_INSTRUMENTS.map((outcome): LaggedModel => {
    const rows = laggedRows(observations, outcome);
    const clientIds = [...new Set(rows.map((r) => r.participantId))];
    const clients = smallCell(clientIds.length, k);
    const empty = { fixed: [], variance: null, remlCriterion: null };
    if (clients === null) return { outcome, n: null, clients, notEstimable: 'withheld', ...empty };
    const base = { outcome, n: rows.length, clients };
    if (rows.length <= clientIds.length || clientIds.length < 2)
      return { ...base, notEstimable: 'too-few-rows', ...empty };
    const personMean = new Map(
      clientIds.map((id) => {
        const own = rows.filter((r) => r.participantId === id).map((r) => r.alliance);
        return [id, own.reduce((s, x) => s + x, 0) / own.length];
      }),
    );
    try {
      const fit = fitRandomIntercept({
        outcome: rows.map((r) => r.outcome),
        predictors: [
          {
            term: LAGGED_TERMS[1],
            values: rows.map((r) => r.alliance - personMean.get(r.participantId)!),
          },
          { term: LAGGED_TERMS[2], values: rows.map((r) => personMean.get(r.participantId)!) },
        ],
        group: rows.map((r) => r.participantId),
        reml: true,
      });
      const fixed = fit.fixed.map((f, j) => ({
        term: LAGGED_TERMS[j]!,
        estimate: f.estimate,
        se: f.se,
        t: f.t,
      }));
      if (fixed.some((f) => ![f.estimate, f.se, f.t].every(Number.isFinite)))
        return { ...base, notEstimable: 'no-fit', ...empty };
      return {
        ...base,
        notEstimable: null,
        fixed,
        variance: { client: fit.variance.group, residual: fit.variance.residual },
        remlCriterion: finiteOrNull(fit.remlCriterion),
      };
    } catch {
      // Collinear predictors (every client's alliance the same at each occasion) have no fit.
      return { ...base, notEstimable: 'no-fit', ...empty };
    }
  });
}
