import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { median } from '../stats/median.ts';
import { alertReport } from './alert-report.ts';
import { type AskedForm, completionReport } from './completion-report.ts';
import { type ReportScore, outcomeEpisodes, outcomeRows } from './outcome-report.ts';
import { localDate, weekStart, weeksOf } from './report-calendar.ts';

// Every expected value below is counted by hand from the rows written next to it.

describe('the report calendar', () => {
  it('dates an instant in the clinic’s zone and starts weeks on Monday', () => {
    // 23:30 UTC on Sunday 6 December 2026 is already Monday in Madrid (UTC+1).
    expect(localDate('2026-12-06T23:30:00.000Z', 'Europe/Madrid')).toBe('2026-12-07');
    expect(localDate('2026-12-06T23:30:00.000Z', 'America/New_York')).toBe('2026-12-06');
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(weekStart('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(weeksOf('2026-11-25', '2026-12-08')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });

  it('takes the median as R does', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

const form = (
  respondent: number,
  instrumentId: string,
  createdAt: string,
  answeredAfterHours: number | null,
  openedAfterHours: number | null = null,
): AskedForm => {
  const after = (hours: number | null) =>
    hours === null ? null : new Date(Date.parse(createdAt) + hours * 3_600_000).toISOString();
  return {
    requestId: `r-${respondent}-${createdAt}`,
    respondentKey: `client:${respondent}`,
    instrumentId,
    createdAt,
    timeZone: 'Europe/London',
    submittedAt: after(answeredAfterHours),
    firstOpenedAt: after(openedAfterHours),
  };
};

describe('forms asked and completed', () => {
  const titles = new Map([['phq-9', 'PHQ-9']]);
  // Week of Monday 30 November: six people asked the PHQ-9, five answered after 1, 2, 3, 4
  // and 10 hours (median 3); person 1 was also asked the GAD-7 and did not answer.
  // Week of 7 December: three people asked, two answered.
  const forms = [
    form(1, 'phq-9', '2026-11-30T09:00:00.000Z', 1),
    form(2, 'phq-9', '2026-12-01T09:00:00.000Z', 2),
    form(3, 'phq-9', '2026-12-02T09:00:00.000Z', 3),
    form(4, 'phq-9', '2026-12-03T09:00:00.000Z', 4),
    form(5, 'phq-9', '2026-12-04T09:00:00.000Z', 10),
    form(6, 'phq-9', '2026-12-05T09:00:00.000Z', null),
    form(1, 'gad-7', '2026-11-30T09:00:00.000Z', null),
    form(1, 'phq-9', '2026-12-07T09:00:00.000Z', 1),
    form(2, 'phq-9', '2026-12-08T09:00:00.000Z', 1),
    form(3, 'phq-9', '2026-12-09T09:00:00.000Z', null),
    // Before the period: not counted.
    form(9, 'phq-9', '2026-11-20T09:00:00.000Z', 1),
  ];
  const report = completionReport(forms, { from: '2026-11-30', to: '2026-12-13' }, titles, 5);

  it('counts forms by week and instrument, withholding groups of fewer than 5 people', () => {
    expect(report.rows).toEqual([
      {
        week: '2026-11-30',
        instrumentId: 'gad-7',
        instrumentTitle: 'gad-7',
        asked: null,
        completed: 0,
        rate: null,
        timed: 0,
        medianMinutes: null,
        medianHours: null,
      },
      {
        week: '2026-11-30',
        instrumentId: 'phq-9',
        instrumentTitle: 'PHQ-9',
        asked: 6,
        completed: 5,
        rate: 5 / 6,
        timed: 0,
        medianMinutes: null,
        medianHours: 3,
      },
      {
        week: '2026-12-07',
        instrumentId: 'phq-9',
        instrumentTitle: 'PHQ-9',
        asked: null,
        completed: null,
        rate: null,
        timed: 0,
        medianMinutes: null,
        medianHours: null,
      },
    ]);
  });

  it('gives every week of the period, all instruments together', () => {
    expect(report.weeks).toEqual([
      // Seven forms of six people, five answered.
      { week: '2026-11-30', asked: 7, completed: 5, rate: 5 / 7 },
      { week: '2026-12-07', asked: null, completed: null, rate: null },
    ]);
  });
});

describe('minutes spent answering', () => {
  const created = '2026-11-30T09:00:00.000Z';
  // Five people open their link an hour after it is made; each sends the PHQ-9 after
  // 1, 2, 3, 4 and 10 minutes (median 3), then the WAI-SR 2 minutes later (its own 2
  // minutes, not counted again from the opening). A sixth person's link was never opened.
  const minutes = [1, 2, 3, 4, 10];
  const forms = [
    ...minutes.flatMap((m, i) => [
      form(i + 1, 'phq-9', created, 1 + m / 60, 1),
      form(i + 1, 'wai-sr', created, 1 + (m + 2) / 60, 1),
    ]),
    form(6, 'phq-9', created, 2),
  ];
  const { rows } = completionReport(forms, { from: '2026-11-30', to: '2026-12-06' }, new Map(), 5);
  const cells = rows.map((r) => [r.instrumentId, r.completed, r.timed, r.medianMinutes]);

  it('runs from the first opening, or the link’s previous form, to sending', () => {
    expect(cells).toEqual([
      ['phq-9', 6, 5, 3],
      ['wai-sr', 5, 5, 2],
    ]);
  });

  it('withholds the median of fewer than 5 people with an opening time', () => {
    const four = forms.filter((f) => f.respondentKey !== 'client:5');
    const row = completionReport(four, { from: '2026-11-30', to: '2026-12-06' }, new Map(), 5)
      .rows[0]!;
    expect([row.completed, row.timed, row.medianMinutes]).toEqual([5, null, null]);
  });
});

describe('alerts raised, acknowledged and resolved', () => {
  const alert = (
    type: string,
    person: string,
    ackAfterHours: number | null,
    resolved: boolean,
  ) => ({
    type,
    createdAt: '2026-12-01T10:00:00.000Z',
    timeZone: 'Europe/London',
    acknowledgedAt:
      ackAfterHours === null
        ? null
        : new Date(
            Date.parse('2026-12-01T10:00:00.000Z') + ackAfterHours * 3_600_000,
          ).toISOString(),
    resolvedAt: resolved ? '2026-12-03T10:00:00.000Z' : null,
    people: [person],
  });
  it('counts by type and in all, with the median hours to acknowledge', () => {
    const alerts = [
      // Five people's ruptures: acknowledged after 2, 4, 6, 8 and 30 hours (median 6).
      alert('rupture', 'a', 2, true),
      alert('rupture', 'b', 4, true),
      alert('rupture', 'c', 6, false),
      alert('rupture', 'd', 8, false),
      alert('rupture', 'e', 30, false),
      // Two people's risk answers, one acknowledged after 1 hour.
      alert('risk-item', 'a', 1, true),
      alert('risk-item', 'f', null, false),
      // Raised outside the period.
      { ...alert('rupture', 'g', 1, true), createdAt: '2026-10-01T10:00:00.000Z' },
    ];
    expect(alertReport(alerts, { from: '2026-11-30', to: '2026-12-13' }, 5)).toEqual([
      {
        type: 'risk-item',
        raised: null,
        acknowledged: null,
        resolved: null,
        medianHoursToAcknowledge: null,
      },
      { type: 'rupture', raised: 5, acknowledged: 5, resolved: null, medianHoursToAcknowledge: 6 },
      // Six people; acknowledged by six alerts of five people after 1, 2, 4, 6, 8, 30 h.
      { type: 'all', raised: 7, acknowledged: 6, resolved: null, medianHoursToAcknowledge: 5 },
    ]);
  });
});

describe('reliable improvement and deterioration', () => {
  const phq9 = findBundledInstrument('phq-9')!;
  const who5 = findBundledInstrument('who-5')!;
  const catalogue = new Map([
    ['phq-9', phq9],
    ['who-5', who5],
  ]);
  const score = (
    client: string,
    session: number,
    value: number,
    instrumentId = 'phq-9',
  ): ReportScore => ({
    caseId: `case-${client}`,
    clientId: client,
    clinicId: 'clinic',
    instrumentId,
    sessionNumber: session,
    sessionStartsAt: `2026-12-0${session}T10:00:00.000Z`,
    timeZone: 'Europe/London',
    value,
  });
  const period = { from: '2026-12-01', to: '2026-12-31' };

  it('classifies each client by the case page’s rules: PHQ-9 reliable change is 6 points', () => {
    const episodes = outcomeEpisodes(
      [
        score('a', 1, 20),
        score('a', 3, 14), // −6: improved
        score('b', 1, 20),
        score('b', 2, 15), // −5: unchanged
        score('c', 1, 8),
        score('c', 2, 14), // +6: deteriorated
        score('d', 1, 12), // one score only: not measured
        score('e', 1, 10),
        score('e', 2, 30, 'who-5'), // different instruments
        score('f', 5, 20),
        score('f', 1, 26), // order by session: 26 → 20, improved
      ],
      catalogue,
      period,
    );
    expect(episodes.map((e) => [e.clientId, e.direction])).toEqual([
      ['a', 'improved'],
      ['b', null],
      ['c', 'deteriorated'],
      ['f', 'improved'],
    ]);
    // Up to 2 December, a's latest score is session 1's: no second score yet.
    expect(
      outcomeEpisodes([score('a', 1, 20), score('a', 3, 14)], catalogue, {
        from: '2026-12-01',
        to: '2026-12-02',
      }),
    ).toEqual([]);
  });

  it('gives rates per group, "< 5" for a group of four people', () => {
    const clients = ['a', 'b', 'c', 'd', 'e'];
    const episodes = clients.map((clientId, i) => ({
      caseId: `case-${clientId}`,
      clientId,
      clinicId: 'clinic',
      instrumentId: 'phq-9',
      direction: i < 2 ? ('improved' as const) : i === 2 ? ('deteriorated' as const) : null,
    }));
    const groups = (e: (typeof episodes)[number]) => [
      { id: 'clinic', name: 'Clinic' },
      e.clientId === 'e' ? { id: 't2', name: 'Therapist 2' } : { id: 't1', name: 'Therapist 1' },
    ];
    expect(outcomeRows(episodes, groups, new Map([['phq-9', 'PHQ-9']]), 5)).toEqual([
      {
        groupId: 'clinic',
        groupName: 'Clinic',
        instrumentId: 'phq-9',
        instrumentTitle: 'PHQ-9',
        measured: 5,
        improvedRate: 0.4,
        deterioratedRate: 0.2,
      },
      {
        groupId: 't1',
        groupName: 'Therapist 1',
        instrumentId: 'phq-9',
        instrumentTitle: 'PHQ-9',
        measured: null,
        improvedRate: null,
        deterioratedRate: null,
      },
      {
        groupId: 't2',
        groupName: 'Therapist 2',
        instrumentId: 'phq-9',
        instrumentTitle: 'PHQ-9',
        measured: null,
        improvedRate: null,
        deterioratedRate: null,
      },
    ]);
  });
});
