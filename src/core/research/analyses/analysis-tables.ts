import { withheldLabel } from '../small-cells.ts';
import type { AgreementRow } from './client-therapist-agreement.ts';
import type { H7Row } from './h7-correlations.ts';
import type { LaggedModel } from './lagged-alliance-model.ts';
import type { ReliabilityRow } from './scale-reliability.ts';

/** A table as its CSV has it: a header and rows of numbers, text or empty (null) cells. */
export interface AnalysisTable {
  header: string[];
  rows: (string | number | null)[][];
}

export const ANALYSIS_TABLES = ['h7', 'agreement', 'reliability', 'mixed'] as const;
export type AnalysisTableName = (typeof ANALYSIS_TABLES)[number];

// A withheld n reads "< k" and its statistics stay empty, as on the page.
const count = (n: number | null, k: number) => (n === null ? withheldLabel(k) : n);

export function h7Table(rows: readonly H7Row[], view: string, k: number): AnalysisTable {
  return {
    header: ['view', 'alliance', 'outcome', 'n', 'r', 'ci_low', 'ci_high', 'p', 'p_bh'],
    rows: rows.map((r) => [
      view,
      r.alliance,
      r.outcome,
      count(r.n, k),
      r.r,
      r.ci?.[0] ?? null,
      r.ci?.[1] ?? null,
      r.p,
      r.pAdjusted,
    ]),
  };
}

export function agreementTable(
  rows: readonly AgreementRow[],
  view: string,
  k: number,
): AnalysisTable {
  return {
    header: [
      'view',
      'scale',
      'n',
      'mean_difference',
      'sd',
      't',
      'p',
      'limit_low',
      'limit_high',
      'icc2',
      'icc2_ci_low',
      'icc2_ci_high',
      'icc2_p',
    ],
    rows: rows.map((r) => [
      view,
      r.scale,
      count(r.n, k),
      r.meanDifference,
      r.sd,
      r.t,
      r.p,
      r.limits?.[0] ?? null,
      r.limits?.[1] ?? null,
      r.icc,
      r.iccCi?.[0] ?? null,
      r.iccCi?.[1] ?? null,
      r.iccP,
    ]),
  };
}

export function reliabilityTable(rows: readonly ReliabilityRow[], k: number): AnalysisTable {
  return {
    header: [
      'instrument',
      'scale',
      'session',
      'items',
      'n',
      'alpha',
      'alpha_ci_low',
      'alpha_ci_high',
      'omega_total',
    ],
    rows: rows.map((r) => [
      r.instrumentId,
      r.scaleId,
      r.sessionNumber,
      r.items,
      count(r.n, k),
      r.alpha,
      r.alphaCi?.[0] ?? null,
      r.alphaCi?.[1] ?? null,
      r.omegaTotal,
    ]),
  };
}

export function mixedTable(models: readonly LaggedModel[], k: number): AnalysisTable {
  return {
    header: [
      'outcome',
      'n',
      'clients',
      'not_estimable',
      'term',
      'estimate',
      'se',
      't',
      'variance_client',
      'variance_residual',
      'reml_criterion',
    ],
    rows: models.flatMap((m) => {
      const head = [m.outcome, count(m.n, k), count(m.clients, k), m.notEstimable];
      const tail = [m.variance?.client ?? null, m.variance?.residual ?? null, m.remlCriterion];
      return m.fixed.length === 0
        ? [[...head, null, null, null, null, ...tail]]
        : m.fixed.map((f) => [...head, f.term, f.estimate, f.se, f.t, ...tail]);
    }),
  };
}
