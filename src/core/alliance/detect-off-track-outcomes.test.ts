import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import type { OutcomeScore } from './alliance-case-history.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectOffTrackOutcomes } from './detect-off-track-outcomes.ts';
import type { ExpectedResponseModel } from './expected-response-model.ts';

// y_t = 0 + 1·y1 + (−2 − 0.1·y1)·ln t; for y1 = 20: y_t = 20 − 4·ln t.
const model: ExpectedResponseModel = {
  instrumentId: 'phq-9',
  beta0: 0,
  beta1: 1,
  beta2: -2,
  beta3: -0.1,
  tolerance: 3,
  higherIsBetter: false,
  fittedOn: { sample: 'a synthetic test clinic (n = 100)', n: 100, date: '2026-01-31' },
};
const phq = (session: number, total: number): OutcomeScore => ({
  session,
  respondentId: 'c1',
  instrumentId: 'phq-9',
  total,
});

describe('detectOffTrackOutcomes', () => {
  it.each([
    {
      name: 'on track: s2 18 vs expected 20 − 4·ln 2 = 17.23 (worse by 0.77 ≤ 3)',
      outcomes: [phq(1, 20), phq(2, 18)],
      expected: [],
    },
    {
      name: 'off track from s4: 19 vs 14.45 (worse by 4.55), s6: 17 vs 20 − 4·ln 6 = 12.83 (4.17)',
      outcomes: [phq(1, 20), phq(2, 18), phq(4, 19), phq(6, 17)],
      expected: [
        {
          key: 'not-on-track:case-1:c1:phq-9:s4',
          severity: 'warning',
          status: 'active',
          explanation:
            'PHQ-9 was 17 at session 6, worse than the 12.83 ± 3 expected for a client who started at 20: not on track (model fitted on a synthetic test clinic (n = 100), 2026-01-31).',
        },
      ],
    },
    {
      name: 'back on track at s8: 13 vs 20 − 4·ln 8 = 11.68 (worse by 1.32 ≤ 3) resolves it',
      outcomes: [phq(1, 20), phq(2, 18), phq(4, 19), phq(6, 17), phq(8, 13)],
      expected: [
        {
          key: 'not-on-track:case-1:c1:phq-9:s4',
          severity: 'info',
          status: 'resolved',
          explanation:
            'PHQ-9 was off track from session 4 but back within the expected range by session 8.',
        },
      ],
    },
  ])('$name', ({ outcomes, expected }) => {
    const findings = detectOffTrackOutcomes(buildTestHistory({ outcomes }), {
      expectedResponseModels: [model],
    });
    expect(
      findings.map(({ key, severity, status, explanation }) => ({
        key,
        severity,
        status,
        explanation: renderFindingMessageIn('en', explanation),
      })),
    ).toEqual(expected);
    for (const f of findings) expect(f.parameters).toEqual(model);
  });

  it('puts the expected values in the evidence', () => {
    const [finding] = detectOffTrackOutcomes(
      buildTestHistory({ outcomes: [phq(1, 20), phq(4, 19)] }),
      { expectedResponseModels: [model] },
    );
    expect(finding?.evidence.points).toEqual([
      {
        session: 4,
        t: 4,
        observed: 19,
        expected: expect.closeTo(20 - 4 * Math.log(4), 12),
        worseBy: expect.closeTo(19 - 20 + 4 * Math.log(4), 12),
      },
    ]);
  });

  it('says nothing without a model (the default)', () => {
    expect(
      detectOffTrackOutcomes(buildTestHistory({ outcomes: [phq(1, 20), phq(4, 27)] }), {
        expectedResponseModels: [],
      }),
    ).toEqual([]);
  });
});
