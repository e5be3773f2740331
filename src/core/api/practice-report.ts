/**
 * The practice report (issue 19, item 4; src/server/reports/, docs/reports.md): forms asked
 * and completed, alerts and their handling, reliable improvement and deterioration, for an
 * admin's clinics or a therapist's own cases. Counts and rates only, never a person's answers.
 * A count behind which fewer than `minCellSize` people stand is null ("< 5"), and so is every
 * rate or median whose group is that small. The web app infers its types from these schemas.
 */
import { z } from 'zod';
import { calendarDateSchema } from './clients.ts';

/** The tables of the report, each downloadable as CSV. */
export const REPORT_SECTIONS = [
  'completion-weeks',
  'completion',
  'alerts',
  'clinic-outcomes',
  'therapist-outcomes',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const reportSectionSchema = z.enum(REPORT_SECTIONS);

/** The longest period one report covers (a year and a little). */
export const MAX_REPORT_DAYS = 400;
/** The period when none is given: the 12 weeks up to today. */
export const DEFAULT_REPORT_DAYS = 84;

export const practiceReportQuerySchema = z
  .object({
    /** One clinic, or every clinic the caller reports on when absent. */
    clinicId: z.uuid().optional(),
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'must not be after the end of the period',
    path: ['from'],
  })
  .refine(
    (q) =>
      !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= MAX_REPORT_DAYS * 86_400_000,
    { message: `must be at most ${MAX_REPORT_DAYS} days before the end`, path: ['from'] },
  );
export type PracticeReportQuery = z.infer<typeof practiceReportQuerySchema>;

/** A count as shown: null when it is withheld as a small cell ("< 5"). */
const count = z.int().min(0).nullable();
/** A proportion from 0 to 1, null when withheld or when there is nothing to divide. */
const rate = z.number().min(0).max(1).nullable();
/** Hours, to one decimal; null when withheld or when there is nothing to take a median of. */
const hours = z.number().min(0).nullable();

export const completionWeekSchema = z.object({
  /** The Monday (YYYY-MM-DD, the clinic's calendar) that starts the week. */
  week: z.string(),
  asked: count,
  completed: count,
  rate,
});
export type CompletionWeek = z.infer<typeof completionWeekSchema>;

export const completionRowSchema = completionWeekSchema.extend({
  instrumentId: z.string(),
  instrumentTitle: z.string(),
  /** The completed forms whose link has a first-opening time: the ones `medianMinutes` reads. */
  timed: count,
  /** Median minutes answering: from the link's first opening (or its previous form) to sending. */
  medianMinutes: z.number().min(0).nullable(),
  /** Median hours from the link being made to this form being sent: the delay before answering. */
  medianHours: hours,
});
export type CompletionRow = z.infer<typeof completionRowSchema>;

export const alertReportRowSchema = z.object({
  /** An alert type (src/core/alliance), or `all` for the total row. */
  type: z.string(),
  raised: count,
  acknowledged: count,
  resolved: count,
  /** Median hours from raising to a person's acknowledgement. */
  medianHoursToAcknowledge: hours,
});
export type AlertReportRow = z.infer<typeof alertReportRowSchema>;

export const outcomeReportRowSchema = z.object({
  /** The clinic's or the therapist's id, with its name. */
  groupId: z.string(),
  groupName: z.string(),
  instrumentId: z.string(),
  instrumentTitle: z.string(),
  /** People with a first and a later score whose latest score falls in the period. */
  measured: count,
  improvedRate: rate,
  deterioratedRate: rate,
});
export type OutcomeReportRow = z.infer<typeof outcomeReportRowSchema>;

export const practiceReportSchema = z.object({
  /** Admin: the clinics they run; therapist: their own cases only. */
  view: z.enum(['admin', 'therapist']),
  minCellSize: z.int().min(1),
  /** The clinics the caller may filter by. */
  clinics: z.array(z.object({ id: z.string(), name: z.string() })),
  period: z.object({ clinicId: z.string().nullable(), from: z.string(), to: z.string() }),
  completionWeeks: z.array(completionWeekSchema),
  completion: z.array(completionRowSchema),
  alerts: z.array(alertReportRowSchema),
  /** Empty for a therapist (their clinic's numbers are not theirs). */
  clinicOutcomes: z.array(outcomeReportRowSchema),
  therapistOutcomes: z.array(outcomeReportRowSchema),
});
export type PracticeReport = z.infer<typeof practiceReportSchema>;
