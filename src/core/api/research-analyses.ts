/**
 * A study's analyses (issue 18, item 5; src/server/research/analyses/): statistics of its
 * consenting, not-withdrawn participants, never a name, pseudonym or id. A group of fewer
 * than `minCellSize` people has n null ("< k") and no statistic. The web app infers its
 * types from these schemas.
 */
import { z } from 'zod';
import { ANALYSIS_TABLES } from '../research/analyses/analysis-tables.ts';
import { LAGGED_TERMS } from '../research/analyses/lagged-alliance-model.ts';
import { ALLIANCE_SCALES, OUTCOME_INSTRUMENTS } from '../research/analyses/study-observations.ts';
import { studyStatusSchema } from './research-studies.ts';

const count = z.int().min(0).nullable();
const stat = z.number().nullable();
const interval = z.tuple([z.number(), z.number()]).nullable();

/** `across` (each participant's mean over sessions) or a session number. */
export const analysisViewSchema = z.union([
  z.literal('across'),
  z.coerce.number().int().min(0).max(10_000),
]);

export const analysisQuerySchema = z.object({ view: analysisViewSchema.default('across') });
export const analysisTableNameSchema = z.enum(ANALYSIS_TABLES);

export const studyAnalysesSchema = z.object({
  studyId: z.string(),
  title: z.string(),
  status: studyStatusSchema,
  minCellSize: z.int().min(0),
  view: analysisViewSchema,
  /** Session numbers with data, for the view chooser. */
  sessions: z.array(z.int()),
  therapistInstrumentId: z.string().nullable(),
  h7: z.array(
    z.object({
      alliance: z.enum(ALLIANCE_SCALES),
      outcome: z.enum(OUTCOME_INSTRUMENTS),
      n: count,
      r: stat,
      ci: interval,
      p: stat,
      pAdjusted: stat,
    }),
  ),
  agreement: z.array(
    z.object({
      scale: z.enum(ALLIANCE_SCALES),
      n: count,
      meanDifference: stat,
      sd: stat,
      t: stat,
      p: stat,
      limits: interval,
      icc: stat,
      iccCi: interval,
      iccP: stat,
      points: z.array(z.object({ mean: z.number(), difference: z.number() })),
    }),
  ),
  reliability: z.array(
    z.object({
      instrumentId: z.string(),
      scaleId: z.string(),
      sessionNumber: z.int(),
      items: z.int(),
      n: count,
      alpha: stat,
      alphaCi: interval,
      omegaTotal: stat,
    }),
  ),
  mixed: z.array(
    z.object({
      outcome: z.enum(OUTCOME_INSTRUMENTS),
      n: count,
      clients: count,
      notEstimable: z.enum(['withheld', 'too-few-rows', 'no-fit']).nullable(),
      fixed: z.array(
        z.object({
          term: z.enum(LAGGED_TERMS),
          estimate: z.number(),
          se: z.number(),
          t: z.number(),
        }),
      ),
      variance: z.object({ client: z.number(), residual: z.number() }).nullable(),
      remlCriterion: stat,
    }),
  ),
});
export type StudyAnalyses = z.infer<typeof studyAnalysesSchema>;
