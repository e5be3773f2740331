/**
 * Pure pieces of the study dashboard (issue 16, item 7): the week a consent falls in, a
 * gap-free series of weeks for the chart, and the dashboard's small-cell threshold.
 */

import type { InterviewStatus } from './interview-vocabulary.ts';
import { interviewUrgency } from './interview-urgency.ts';
import type { CellCount } from './small-cells.ts';

/** A count the dashboard shows, or null when it is withheld as a small cell. */
export type DashboardCount = CellCount;

/**
 * Counts on the study dashboard are for the study team, who see the participants by
 * pseudonym anyway, so nothing is withheld (0). A dashboard shown more widely passes its
 * study's k to `smallCell` (core/research/small-cells.ts).
 */
export const DASHBOARD_MIN_CELL = 0;

const DAY_MS = 86_400_000;

/** The Monday (ISO 8601 week start) of a `YYYY-MM-DD` date, as `YYYY-MM-DD`. */
export function weekStart(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${day}`);
  // getUTCDay: Sunday 0 … Saturday 6; days since Monday is (day + 6) mod 7.
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

export interface DayDecisions {
  /** `YYYY-MM-DD` (UTC) of the signing. */
  day: string;
  consented: number;
  declined: number;
}

export interface WeekDecisions {
  /** The Monday the week starts on. */
  weekStart: string;
  consented: number;
  declined: number;
}

/**
 * Consents and declines per week from the first week with one to the last, weeks without
 * any included as zeros (a chart over time shows a quiet week as a quiet week).
 */
export function decisionsByWeek(days: readonly DayDecisions[]): WeekDecisions[] {
  if (days.length === 0) return [];
  const weeks = new Map<string, WeekDecisions>();
  for (const d of days) {
    const start = weekStart(d.day);
    const week = weeks.get(start) ?? { weekStart: start, consented: 0, declined: 0 };
    week.consented += d.consented;
    week.declined += d.declined;
    weeks.set(start, week);
  }
  const starts = [...weeks.keys()].sort();
  const out: WeekDecisions[] = [];
  const last = Date.parse(`${starts.at(-1)!}T00:00:00Z`);
  for (let t = Date.parse(`${starts[0]!}T00:00:00Z`); t <= last; t += 7 * DAY_MS) {
    const start = new Date(t).toISOString().slice(0, 10);
    out.push(weeks.get(start) ?? { weekStart: start, consented: 0, declined: 0 });
  }
  return out;
}

export interface InterviewTaskFacts {
  clinicId: string;
  clinicName: string;
  role: 'client' | 'therapist';
  participantId: string;
  status: InterviewStatus;
  dueAt: string;
}

interface InterviewCounts {
  completed: number;
  partial: number;
  declined: number;
  dueSoon: number;
  overdue: number;
  missed: number;
}

export interface InterviewLine {
  /** Held interviews (completed or partial) and the people who had one, per role. */
  client: { interviews: number; participants: number };
  therapist: { interviews: number; participants: number };
  dueSoon: number;
  overdue: number;
  missed: number;
  sites: ({
    clinicId: string;
    clinicName: string;
    role: 'client' | 'therapist';
  } & InterviewCounts)[];
}

/**
 * The dashboard's interview line (issue 17, item 8): "24 IPR interviews with 12 therapists,
 * 23 with 12 clients". An interview is held when it is completed or partial (the founding
 * study counted the client who broke off a first interview as interviewed); the urgency of
 * a pending task is `interviewUrgency` at `now`.
 */
export function countInterviews(tasks: readonly InterviewTaskFacts[], now: Date): InterviewLine {
  const line: InterviewLine = {
    client: { interviews: 0, participants: 0 },
    therapist: { interviews: 0, participants: 0 },
    dueSoon: 0,
    overdue: 0,
    missed: 0,
    sites: [],
  };
  const people = { client: new Set<string>(), therapist: new Set<string>() };
  const sites = new Map<string, InterviewLine['sites'][number]>();
  for (const task of tasks) {
    const key = `${task.clinicId}|${task.role}`;
    const site = sites.get(key) ?? {
      clinicId: task.clinicId,
      clinicName: task.clinicName,
      role: task.role,
      completed: 0,
      partial: 0,
      declined: 0,
      dueSoon: 0,
      overdue: 0,
      missed: 0,
    };
    sites.set(key, site);
    if (task.status === 'completed' || task.status === 'partial') {
      site[task.status] += 1;
      line[task.role].interviews += 1;
      people[task.role].add(task.participantId);
    } else if (task.status === 'declined') site.declined += 1;
    const urgency = interviewUrgency(task, now);
    if (urgency !== null) {
      const field = URGENCY_FIELD[urgency];
      site[field] += 1;
      line[field] += 1;
    }
  }
  line.client.participants = people.client.size;
  line.therapist.participants = people.therapist.size;
  line.sites = [...sites.values()].sort(
    (a, b) =>
      a.clinicName.localeCompare(b.clinicName) ||
      a.clinicId.localeCompare(b.clinicId) ||
      a.role.localeCompare(b.role),
  );
  return line;
}

const URGENCY_FIELD = { 'due-soon': 'dueSoon', overdue: 'overdue', missed: 'missed' } as const;
