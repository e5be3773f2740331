import { type InterviewStatus, PENDING_INTERVIEW_STATUSES } from './interview-vocabulary.ts';

/**
 * How pressing an interview task is, for the task list and the study dashboard (issue 17,
 * items 1 and 8). A pending task (open or scheduled) is "overdue" once its deadline has
 * passed and nobody recorded an outcome (the missed-interview job has not run yet, or a held
 * interview's outcome is still to be entered), "due soon" when the deadline falls within
 * the next `DUE_SOON_HOURS`; a task the job or staff marked missed is "missed".
 */
export type InterviewUrgency = 'due-soon' | 'overdue' | 'missed' | null;

/** A quarter of the 48-hour window: the last working day to book or hold the interview. */
export const DUE_SOON_HOURS = 12;

export function interviewUrgency(
  task: { status: InterviewStatus; dueAt: string },
  now: Date,
): InterviewUrgency {
  if (task.status === 'missed') return 'missed';
  if (!(PENDING_INTERVIEW_STATUSES as readonly string[]).includes(task.status)) return null;
  const left = Date.parse(task.dueAt) - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_HOURS * 3_600_000) return 'due-soon';
  return null;
}
