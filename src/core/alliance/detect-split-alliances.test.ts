import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import type { AllianceRating } from './alliance-case-history.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectSplitAlliances } from './detect-split-alliances.ts';

const parameters = DEFAULT_ALLIANCE_RULE_PARAMETERS.split;
const member = (
  session: number,
  respondentId: string,
  bond: number,
  total: number,
): AllianceRating => ({
  session,
  respondentId,
  role: 'client',
  scores: { bond, total },
});

// A couple, partners a and b:
// s1: bond 4.5 / 4.0 → split 0.5; total 4.4 / 4.1 → 0.3          no flag
// s2: bond 4.5 / 3.0 → split 1.5 ≥ 1.0; total 4.5 / 3.75 → 0.75    flag (bond)
// s3: bond 4.6 / 3.2 → split 1.4; total 4.5 / 3.5 → 1.0 ≥ 1.0     flag (bond, total)
// s4: bond 4.5 / 4.0 → 0.5; total 4.4 / 4.0 → 0.4                   no flag → resolves
const couple = [
  member(1, 'a', 4.5, 4.4),
  member(1, 'b', 4.0, 4.1),
  member(2, 'a', 4.5, 4.5),
  member(2, 'b', 3.0, 3.75),
  member(3, 'a', 4.6, 4.5),
  member(3, 'b', 3.2, 3.5),
  member(4, 'a', 4.5, 4.4),
  member(4, 'b', 4.0, 4.0),
];

describe('detectSplitAlliances', () => {
  it.each([
    {
      name: 'a couple with a split on the bond, still open after session 3',
      ratings: couple.filter((r) => r.session <= 3),
      expected: {
        key: 'split-alliance:case-1:s2',
        severity: 'warning',
        status: 'active',
        latestSession: 3,
        explanation:
          'Bond after session 3 ranged from 3.2 to 4.6 across the 2 members, a split of 1.4 points: a split alliance; check whether one member feels less heard.',
        flagged: [
          [2, ['bond']],
          [3, ['bond', 'total']],
        ],
      },
    },
    {
      name: 'the same couple after session 4, when the split has closed',
      ratings: couple,
      expected: {
        key: 'split-alliance:case-1:s2',
        severity: 'info',
        status: 'resolved',
        latestSession: 4,
        explanation:
          'Bond after session 3 ranged from 3.2 to 4.6 across the 2 members, a split of 1.4 points; by session 4 their views had come closer again.',
        flagged: [
          [2, ['bond']],
          [3, ['bond', 'total']],
        ],
      },
    },
    {
      name: 'a session only one partner rated is skipped, not a resolution',
      ratings: [...couple.filter((r) => r.session <= 3), member(4, 'a', 4.5, 4.4)],
      expected: {
        key: 'split-alliance:case-1:s2',
        severity: 'warning',
        status: 'active',
        latestSession: 3,
        explanation:
          'Bond after session 3 ranged from 3.2 to 4.6 across the 2 members, a split of 1.4 points: a split alliance; check whether one member feels less heard.',
        flagged: [
          [2, ['bond']],
          [3, ['bond', 'total']],
        ],
      },
    },
  ])('$name', ({ ratings, expected }) => {
    const findings = detectSplitAlliances(buildTestHistory({ ratings }), parameters);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      key: expected.key,
      severity: expected.severity,
      status: expected.status,
      latestSession: expected.latestSession,
      respondentIds: ['a', 'b'],
    });
    expect(renderFindingMessageIn('en', finding!.explanation)).toBe(expected.explanation);
    expect(finding?.evidence.sessions.map((s) => [s.session, s.flaggedScales])).toEqual(
      expected.flagged,
    );
    expect(finding?.evidence.sessions[0]?.split.bond).toBeCloseTo(1.5, 9);
  });

  it('shows each member’s line up to the latest session', () => {
    const [finding] = detectSplitAlliances(
      buildTestHistory({ ratings: couple.filter((r) => r.session <= 3) }),
      parameters,
    );
    const bondOfB = finding?.evidence.memberLines.find(
      (l) => l.respondentId === 'b' && l.scale === 'bond',
    );
    expect(bondOfB?.points).toEqual([
      { session: 1, score: 4.0 },
      { session: 2, score: 3.0 },
      { session: 3, score: 3.2 },
    ]);
  });

  it('an individual client never has a split', () => {
    const ratings = [member(1, 'a', 2.0, 2.0), member(2, 'a', 5.0, 5.0)];
    expect(detectSplitAlliances(buildTestHistory({ ratings }), parameters)).toEqual([]);
  });
});
