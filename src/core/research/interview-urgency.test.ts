import { describe, expect, it } from 'vitest';
import { interviewUrgency } from './interview-urgency.ts';

const due = '2026-03-30T13:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('interviewUrgency', () => {
  it.each([
    ['open, two days left', 'open', '2026-03-28T13:00:00.000Z', null],
    ['open, 12 h 1 min left', 'open', '2026-03-30T00:59:00.000Z', null],
    ['open, exactly 12 h left', 'open', '2026-03-30T01:00:00.000Z', 'due-soon'],
    ['scheduled, at the deadline (still in time)', 'scheduled', due, 'due-soon'],
    ['open, a minute after the deadline', 'open', '2026-03-30T13:01:00.000Z', 'overdue'],
    ['scheduled, a day after, no outcome yet', 'scheduled', '2026-03-31T13:00:00.000Z', 'overdue'],
    ['missed', 'missed', '2026-03-31T13:00:00.000Z', 'missed'],
    [
      'completed after the deadline is just completed',
      'completed',
      '2026-04-02T00:00:00.000Z',
      null,
    ],
    ['partial', 'partial', '2026-03-30T12:00:00.000Z', null],
    ['declined', 'declined', '2026-03-30T12:00:00.000Z', null],
    ['withdrawn', 'withdrawn', '2026-03-31T12:00:00.000Z', null],
  ] as const)('%s', (_, status, now, expected) => {
    expect(interviewUrgency({ status, dueAt: due }, at(now))).toBe(expected);
  });
});
