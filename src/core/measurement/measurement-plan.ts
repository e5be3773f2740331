import { z } from 'zod';

/**
 * A measurement plan says which instruments each respondent answers after which sessions.
 * Schedules are data, so a clinic can change them (a change applies to future sessions).
 */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('every-session') }),
  /** The first session only (the intake). */
  z.strictObject({ kind: z.literal('intake') }),
  /** Sessions 1..first, then every `every`-th session after it (first 5 then every second: 1–5, 7, 9, …). */
  z.strictObject({
    kind: z.literal('first-then-every'),
    first: z.number().int().min(1),
    every: z.number().int().min(1),
  }),
  /** The first session and every `every`-th session (every fourth: 1, 4, 8, 12, …). */
  z.strictObject({ kind: z.literal('intake-and-every'), every: z.number().int().min(1) }),
  /** Every `every`-th session from session `from` on (every third from 2: 2, 5, 8, …). */
  z.strictObject({
    kind: z.literal('every-from'),
    from: z.number().int().min(1),
    every: z.number().int().min(1),
  }),
  z.strictObject({
    kind: z.literal('sessions'),
    numbers: z.array(z.number().int().min(1)).min(1, 'name at least one session'),
  }),
  /**
   * When the case is closed, against its last attended session (closeCase); never after an
   * attended session, so isSessionDue is false for it.
   */
  z.strictObject({ kind: z.literal('end-of-care') }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

export const planEntrySchema = z.strictObject({
  instrumentId: z.string().min(1),
  respondent: z.enum(['client-member', 'therapist']),
  schedule: scheduleSchema,
  /** Only for cases with one of these presenting concerns (absent: every case). */
  concerns: z.array(z.string().min(1)).min(1).optional(),
  /** Only for members at least this old (SCORE-15 is for family members aged 12 and over). */
  minAge: z.number().int().min(0).max(120).optional(),
});
export type PlanEntry = z.infer<typeof planEntrySchema>;

export const planEntriesSchema = z
  .array(planEntrySchema)
  .min(1, 'a plan needs at least one instrument');

export function isSessionDue(schedule: Schedule, sessionNumber: number): boolean {
  switch (schedule.kind) {
    case 'every-session':
      return true;
    case 'intake':
      return sessionNumber === 1;
    case 'every-from':
      return (
        sessionNumber >= schedule.from && (sessionNumber - schedule.from) % schedule.every === 0
      );
    case 'first-then-every':
      return (
        sessionNumber <= schedule.first || (sessionNumber - schedule.first) % schedule.every === 0
      );
    case 'intake-and-every':
      return sessionNumber === 1 || sessionNumber % schedule.every === 0;
    case 'sessions':
      return schedule.numbers.includes(sessionNumber);
    case 'end-of-care':
      return false;
  }
}

/** After which session a form is asked, or 'end-of-care' when the case is closed. */
export type Occasion = number | 'end-of-care';

export interface DueContext {
  sessionNumber: Occasion;
  concerns: readonly string[];
  respondent: PlanEntry['respondent'];
  /** The member's age in years, when known; unknown age does not exclude. */
  age?: number | null;
}

/** The plan's instruments due from one respondent after one session, in plan order, once each. */
export function instrumentsDue(entries: readonly PlanEntry[], context: DueContext): string[] {
  const due: string[] = [];
  for (const entry of entries) {
    if (entry.respondent !== context.respondent) continue;
    const asked =
      context.sessionNumber === 'end-of-care'
        ? entry.schedule.kind === 'end-of-care'
        : isSessionDue(entry.schedule, context.sessionNumber);
    if (!asked) continue;
    if (entry.concerns && !entry.concerns.some((c) => context.concerns.includes(c))) continue;
    if (entry.minAge !== undefined && context.age != null && context.age < entry.minAge) continue;
    if (!due.includes(entry.instrumentId)) due.push(entry.instrumentId);
  }
  return due;
}
