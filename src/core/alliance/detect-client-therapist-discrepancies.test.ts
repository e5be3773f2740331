import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import type { AllianceRating } from './alliance-case-history.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectClientTherapistDiscrepancies } from './detect-client-therapist-discrepancies.ts';

const parameters = DEFAULT_ALLIANCE_RULE_PARAMETERS.discrepancy;
const client = (
  session: number,
  respondentId: string,
  goal: number,
  task: number,
): AllianceRating => ({
  session,
  respondentId,
  role: 'client',
  scores: { goal, task, bond: 4.0, total: (goal + task + 4.0) / 3 },
});
const therapist = (
  session: number,
  goal: number,
  task: number,
  aboutClientId?: string,
): AllianceRating => ({
  session,
  respondentId: 't1',
  role: 'therapist',
  ...(aboutClientId === undefined ? {} : { aboutClientId }),
  scores: { goal, task, bond: 4.25, total: (goal + task + 4.25) / 3 },
});

describe('detectClientTherapistDiscrepancies', () => {
  it.each([
    {
      name: 'a dyad with goal disagreement: D_goal = 2.5 − 4.0 = −1.5, |D| ≥ 1.0 → warning',
      ratings: [client(3, 'c1', 2.5, 3.75), therapist(3, 4.0, 4.0, 'c1')],
      expected: [
        {
          key: 'client-therapist-discrepancy:case-1:c1:t1:s3',
          severity: 'warning',
          status: 'active',
          explanation:
            'Agreement on goals after session 3: the client rated 2.5 and you rated 4.0, a gap of 1.5 points: you may be pursuing goals that are not the client\u2019s.',
        },
      ],
    },
    {
      name: 'D_task = 4.0 − 3.0 = +1.0 exactly (therapist less convinced) → info',
      ratings: [client(2, 'c1', 4.0, 4.0), therapist(2, 4.0, 3.0, 'c1')],
      expected: [
        {
          key: 'client-therapist-discrepancy:case-1:c1:t1:s2',
          severity: 'info',
          status: 'active',
          explanation:
            'Agreement on tasks after session 2: the client rated 4.0 and you rated 3.0, a gap of 1.0 points: the client sees more agreement than you do.',
        },
      ],
    },
    {
      name: 'D = −0.75 on goal and task does not flag',
      ratings: [client(2, 'c1', 3.25, 3.25), therapist(2, 4.0, 4.0, 'c1')],
      expected: [],
    },
    {
      name: 'forms of different sessions are never paired',
      ratings: [client(2, 'c1', 2.0, 2.0), therapist(3, 4.0, 4.0, 'c1')],
      expected: [],
    },
    {
      name: 'a therapist form about another member is not paired with this client',
      ratings: [client(2, 'c1', 2.0, 2.0), therapist(2, 4.0, 4.0, 'c2')],
      expected: [],
    },
    {
      name: 'consecutive flagged sessions are one finding, resolved when the views come closer',
      // s3 D_goal −1.5, s4 D_goal −1.25 (one episode from s3), s5 D_goal −0.25 → resolved at s5.
      ratings: [
        client(3, 'c1', 2.5, 4.0),
        therapist(3, 4.0, 4.0, 'c1'),
        client(4, 'c1', 2.75, 4.0),
        therapist(4, 4.0, 4.0, 'c1'),
        client(5, 'c1', 3.75, 4.0),
        therapist(5, 4.0, 4.0, 'c1'),
      ],
      expected: [
        {
          key: 'client-therapist-discrepancy:case-1:c1:t1:s3',
          severity: 'info',
          status: 'resolved',
          explanation:
            'Agreement on goals after session 4: the client rated 2.8 and you rated 4.0, a gap of 1.3 points; by session 5 your views had come closer.',
        },
      ],
    },
    {
      name: 'a whole-case therapist form pairs with each member of a couple',
      ratings: [client(2, 'c1', 2.5, 4.0), client(2, 'c2', 4.0, 4.0), therapist(2, 4.0, 4.0)],
      expected: [
        {
          key: 'client-therapist-discrepancy:case-1:c1:t1:s2',
          severity: 'warning',
          status: 'active',
          explanation:
            'Agreement on goals after session 2: the client rated 2.5 and you rated 4.0, a gap of 1.5 points: you may be pursuing goals that are not the client\u2019s.',
        },
      ],
    },
  ])('$name', ({ ratings, expected }) => {
    const findings = detectClientTherapistDiscrepancies(buildTestHistory({ ratings }), parameters);
    expect(
      findings.map(({ key, severity, status, explanation }) => ({
        key,
        severity,
        status,
        explanation: renderFindingMessageIn('en', explanation),
      })),
    ).toEqual(expected);
  });

  it('keeps every subscale difference in the evidence', () => {
    const [finding] = detectClientTherapistDiscrepancies(
      buildTestHistory({ ratings: [client(3, 'c1', 2.5, 3.75), therapist(3, 4.0, 4.0, 'c1')] }),
      parameters,
    );
    expect(finding?.evidence.sessions[0]).toMatchObject({
      session: 3,
      flaggedScales: ['goal'],
      // total: (2.5 + 3.75 + 4.0)/3 − (4.0 + 4.0 + 4.25)/3 = 10.25/3 − 12.25/3 = −2/3
      difference: { goal: -1.5, task: -0.25, bond: -0.25, total: expect.closeTo(-2 / 3, 9) },
    });
  });
});
