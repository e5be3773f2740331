import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import type { AllianceSession } from './alliance-case-history.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import {
  buildAttendedSessions,
  buildTestHistory,
  buildTotals,
} from '../../../test/helpers/build-test-history.ts';
import { detectDisengagement } from './detect-disengagement.ts';
import { detectRuptures } from './detect-ruptures.ts';
import { detectSelfReportedRuptures } from './detect-self-reported-ruptures.ts';

const p = DEFAULT_ALLIANCE_RULE_PARAMETERS;
const withAttendance = (count: number, missed: Record<number, AllianceSession['attendance']>) =>
  buildAttendedSessions(count).map((s) => ({ ...s, attendance: missed[s.number] ?? s.attendance }));

function run(
  sessions: AllianceSession[],
  totals: (number | null)[],
  feedback = buildTestHistory().feedback,
) {
  const history = buildTestHistory({ sessions, ratings: buildTotals('c1', totals), feedback });
  const ruptures = [
    ...detectRuptures(history, p.rupture, p.repair),
    ...detectSelfReportedRuptures(history, p.selfReport),
  ];
  return detectDisengagement(history, ruptures, p.disengagement);
}

describe('detectDisengagement', () => {
  it.each([
    {
      name: 'a no-show and a cancellation in the 3 sessions after a rupture',
      // Rupture at s4 (baseline 4.5, threshold 4.05, 3.5 ≤ 4.05); s5 no-show, s6 cancelled.
      sessions: withAttendance(7, { 5: 'no-show', 6: 'cancelled' }),
      totals: [4.5, 4.4, 4.6, 3.5, null, null, 3.7],
      feedback: [],
      expected: [
        {
          key: 'disengagement:case-1:c1:s4',
          explanation:
            'After session 4, where the alliance dropped, there were a no-show at session 5 and a cancellation at session 6: a sign of disengagement; consider reaching out before the next appointment.',
          missed: [5, 6],
        },
      ],
    },
    {
      name: 'a cancellation four sessions later is outside the window of 3',
      sessions: withAttendance(8, { 8: 'cancelled' }),
      totals: [4.5, 4.4, 4.6, 3.5, 3.6, 3.7, 3.6, null],
      feedback: [],
      expected: [],
    },
    {
      name: 'missed sessions with no rupture before them are not disengagement here',
      sessions: withAttendance(6, { 5: 'no-show' }),
      totals: [4.5, 4.4, 4.6, 4.5, null, 4.5],
      feedback: [],
      expected: [],
    },
    {
      name: 'a cancellation after a self-reported rupture',
      sessions: withAttendance(4, { 3: 'cancelled' }),
      totals: [4.5, 4.4, null, 4.5],
      feedback: [{ session: 2, respondentId: 'c1', tension: 3, resolution: 1 }],
      expected: [
        {
          key: 'disengagement:case-1:c1:s2',
          explanation:
            'After session 2, where the client reported tension, there was a cancellation at session 3: a sign of disengagement; consider reaching out before the next appointment.',
          missed: [3],
        },
      ],
    },
  ])('$name', ({ sessions, totals, feedback, expected }) => {
    const findings = run(sessions, totals, feedback);
    expect(
      findings.map((f) => ({
        key: f.key,
        explanation: renderFindingMessageIn('en', f.explanation),
        missed: f.evidence.missedSessions.map((m) => m.session),
      })),
    ).toEqual(expected);
    for (const f of findings)
      expect(f).toMatchObject({ severity: 'warning', parameters: p.disengagement });
  });
});
