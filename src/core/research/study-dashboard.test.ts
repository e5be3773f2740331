import { describe, expect, it } from 'vitest';
import {
  type InterviewTaskFacts,
  countInterviews,
  decisionsByWeek,
  weekStart,
} from './study-dashboard.ts';

describe('weekStart', () => {
  // Expected Mondays read off a calendar (ISO 8601 weeks start on Monday).
  it.each([
    ['2026-11-30', '2026-11-30'], // a Monday is its own week start
    ['2026-12-03', '2026-11-30'], // Thursday
    ['2026-12-06', '2026-11-30'], // Sunday ends the week
    ['2026-12-07', '2026-12-07'],
    ['2027-01-01', '2026-12-28'], // across the year's end
    ['2024-03-01', '2024-02-26'], // across a leap day
    ['2026-10-05T23:59:59.000Z', '2026-10-05'], // a timestamp counts by its UTC date
  ])('%s is in the week of %s', (day, monday) => expect(weekStart(day)).toBe(monday));

  it('refuses what is not a date', () => expect(() => weekStart('soon')).toThrow(/not a date/));
});

describe('decisionsByWeek', () => {
  it('adds up the days of each week and fills quiet weeks with zeros', () => {
    expect(
      decisionsByWeek([
        { day: '2026-10-06', consented: 2, declined: 0 },
        { day: '2026-10-08', consented: 1, declined: 1 },
        { day: '2026-10-26', consented: 0, declined: 1 },
        { day: '2026-10-11', consented: 3, declined: 0 },
      ]),
    ).toEqual([
      { weekStart: '2026-10-05', consented: 6, declined: 1 },
      { weekStart: '2026-10-12', consented: 0, declined: 0 },
      { weekStart: '2026-10-19', consented: 0, declined: 0 },
      { weekStart: '2026-10-26', consented: 0, declined: 1 },
    ]);
  });

  it('is empty without decisions', () => expect(decisionsByWeek([])).toEqual([]));
});

describe('countInterviews', () => {
  const now = new Date('2026-06-01T12:00:00.000Z');
  const task = (
    n: number,
    role: 'client' | 'therapist',
    status: InterviewTaskFacts['status'],
    dueAt = '2026-05-01T12:00:00.000Z',
  ): InterviewTaskFacts => ({
    // The founding study's two clinics: 7 dyads at North, 5 at South.
    clinicId: n < 7 ? 'north' : 'south',
    clinicName: n < 7 ? 'North' : 'South',
    role,
    participantId: `${role}-${n}`,
    status,
    dueAt,
  });

  it("counts the founding study's line: 24 interviews with 12 therapists, 23 with 12 clients", () => {
    const tasks: InterviewTaskFacts[] = [];
    for (let n = 0; n < 12; n++) {
      tasks.push(task(n, 'therapist', 'completed'), task(n, 'therapist', 'completed'));
      // Client 0 broke off the first interview and came to the second; client 11 withdrew
      // after session 3 (its session 5 task is withdrawn, so not listed).
      if (n === 0) tasks.push(task(n, 'client', 'partial'), task(n, 'client', 'completed'));
      else if (n === 11) tasks.push(task(n, 'client', 'completed'));
      else tasks.push(task(n, 'client', 'completed'), task(n, 'client', 'completed'));
    }
    const line = countInterviews(tasks, now);
    expect(line.therapist).toEqual({ interviews: 24, participants: 12 });
    expect(line.client).toEqual({ interviews: 23, participants: 12 });
    expect(line.sites).toEqual([
      {
        clinicId: 'north',
        clinicName: 'North',
        role: 'client',
        completed: 13,
        partial: 1,
        declined: 0,
        dueSoon: 0,
        overdue: 0,
        missed: 0,
      },
      {
        clinicId: 'north',
        clinicName: 'North',
        role: 'therapist',
        completed: 14,
        partial: 0,
        declined: 0,
        dueSoon: 0,
        overdue: 0,
        missed: 0,
      },
      {
        clinicId: 'south',
        clinicName: 'South',
        role: 'client',
        completed: 9,
        partial: 0,
        declined: 0,
        dueSoon: 0,
        overdue: 0,
        missed: 0,
      },
      {
        clinicId: 'south',
        clinicName: 'South',
        role: 'therapist',
        completed: 10,
        partial: 0,
        declined: 0,
        dueSoon: 0,
        overdue: 0,
        missed: 0,
      },
    ]);
  });

  it('counts due soon, overdue and missed; declined and pending interviews are not held', () => {
    const line = countInterviews(
      [
        task(1, 'client', 'open', '2026-06-01T20:00:00.000Z'), // 8 h left: due soon
        task(1, 'therapist', 'scheduled', '2026-06-03T12:00:00.000Z'), // two days left
        task(2, 'client', 'open', '2026-06-01T11:00:00.000Z'), // an hour late: overdue
        task(8, 'client', 'missed'),
        task(8, 'therapist', 'declined'),
      ],
      now,
    );
    expect(line).toMatchObject({
      client: { interviews: 0, participants: 0 },
      therapist: { interviews: 0, participants: 0 },
      dueSoon: 1,
      overdue: 1,
      missed: 1,
    });
    expect(
      line.sites.map((s) => [s.clinicName, s.role, s.dueSoon, s.overdue, s.missed, s.declined]),
    ).toEqual([
      ['North', 'client', 1, 1, 0, 0],
      ['North', 'therapist', 0, 0, 0, 0],
      ['South', 'client', 0, 0, 1, 0],
      ['South', 'therapist', 0, 0, 0, 1],
    ]);
  });
});
