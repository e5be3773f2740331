import { describe, expect, it } from 'vitest';
import { type PlanEntry, type Schedule, instrumentsDue, isSessionDue } from './measurement-plan.ts';
import { defaultPresentingConcerns } from '../intake/intake-lists.ts';
import { defaultMeasurementPlanEntries } from './default-measurement-plan.ts';

const sessionsDue = (schedule: Schedule) =>
  Array.from({ length: 13 }, (_, i) => i + 1).filter((n) => isSessionDue(schedule, n));

describe('measurement schedules', () => {
  it.each<[string, Schedule, number[]]>([
    ['every session', { kind: 'every-session' }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]],
    [
      'sessions 1–5 then every second',
      { kind: 'first-then-every', first: 5, every: 2 },
      [1, 2, 3, 4, 5, 7, 9, 11, 13],
    ],
    ['intake and every fourth', { kind: 'intake-and-every', every: 4 }, [1, 4, 8, 12]],
    ['at intake', { kind: 'intake' }, [1]],
    ['every third from session 2', { kind: 'every-from', from: 2, every: 3 }, [2, 5, 8, 11]],
    [
      'every session from session 4',
      { kind: 'every-from', from: 4, every: 1 },
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    ],
    ['listed sessions', { kind: 'sessions', numbers: [1, 6, 12] }, [1, 6, 12]],
    // Asked when the case is closed, never because a session was attended.
    ['at the end of care', { kind: 'end-of-care' }, []],
  ])('%s', (_name, schedule, expected) => {
    expect(sessionsDue(schedule)).toEqual(expected);
  });
});

describe('instruments due after a session', () => {
  const plan: PlanEntry[] = [
    { instrumentId: 'wai-sr', respondent: 'client-member', schedule: { kind: 'every-session' } },
    {
      instrumentId: 'session-feedback',
      respondent: 'client-member',
      schedule: { kind: 'every-session' },
    },
    {
      instrumentId: 'phq-9',
      respondent: 'client-member',
      schedule: { kind: 'every-session' },
      concerns: ['anxiety', 'depression'],
    },
    {
      instrumentId: 'score-15',
      respondent: 'client-member',
      schedule: { kind: 'intake-and-every', every: 4 },
      minAge: 12,
    },
    {
      instrumentId: 'wai-sr',
      respondent: 'client-member',
      schedule: { kind: 'intake-and-every', every: 4 },
    },
  ];

  it('follows respondent, schedule, concerns and age, each instrument once', () => {
    expect(
      instrumentsDue(plan, {
        sessionNumber: 4,
        concerns: ['anxiety'],
        respondent: 'client-member',
        age: 30,
      }),
    ).toEqual(['wai-sr', 'session-feedback', 'phq-9', 'score-15']);
    expect(
      instrumentsDue(plan, {
        sessionNumber: 3,
        concerns: ['family-work'],
        respondent: 'client-member',
        age: 11,
      }),
    ).toEqual(['wai-sr', 'session-feedback']);
    expect(
      instrumentsDue(plan, {
        sessionNumber: 8,
        concerns: [],
        respondent: 'client-member',
        age: 11,
      }),
    ).not.toContain('score-15');
    expect(
      instrumentsDue(plan, {
        sessionNumber: 8,
        concerns: [],
        respondent: 'client-member',
        age: null,
      }),
    ).toContain('score-15');
    expect(
      instrumentsDue(plan, { sessionNumber: 1, concerns: ['anxiety'], respondent: 'therapist' }),
    ).toEqual([]);
  });

  it('asks end-of-care forms only when the case closes, and only those', () => {
    const entries: PlanEntry[] = [
      { instrumentId: 'phq-9', respondent: 'client-member', schedule: { kind: 'every-session' } },
      { instrumentId: 'who-5', respondent: 'client-member', schedule: { kind: 'end-of-care' } },
      { instrumentId: 'srs', respondent: 'therapist', schedule: { kind: 'end-of-care' } },
    ];
    const at = (sessionNumber: number | 'end-of-care', respondent: PlanEntry['respondent']) =>
      instrumentsDue(entries, { sessionNumber, concerns: [], respondent });
    expect(at('end-of-care', 'client-member')).toEqual(['who-5']);
    expect(at('end-of-care', 'therapist')).toEqual(['srs']);
    expect(at(10, 'client-member')).toEqual(['phq-9']);
    expect(at(10, 'therapist')).toEqual([]);
  });

  it("sends the default plan's family form to a family member of 12 with the default lists' concern", () => {
    const entries = defaultMeasurementPlanEntries();
    const due = (concerns: string[], age: number) =>
      instrumentsDue(entries, { sessionNumber: 1, concerns, respondent: 'client-member', age });
    expect(defaultPresentingConcerns).toContain('family-conflict');
    expect(due(['family-conflict'], 12)).toContain('score-15');
    expect(due(['family-conflict'], 11)).not.toContain('score-15');
    expect(due(['anxiety'], 30)).not.toContain('score-15');
  });
});
