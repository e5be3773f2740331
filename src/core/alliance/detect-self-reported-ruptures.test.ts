import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectSelfReportedRuptures } from './detect-self-reported-ruptures.ts';

describe('detectSelfReportedRuptures', () => {
  it.each([
    { name: 'tension 1 is below the threshold of 2', tension: 1, resolution: 0, expected: null },
    {
      name: 'tension 2, little resolved → warning',
      tension: 2,
      resolution: 1,
      expected: {
        severity: 'warning',
        status: 'open',
        explanation:
          'The client reported tension or disagreement in session 3 (2 of 4) that felt little resolved (1 of 4); worth returning to next session.',
      },
    },
    {
      name: 'tension 3, resolved (4 ≥ 3) → good news',
      tension: 3,
      resolution: 4,
      expected: {
        severity: 'info',
        status: 'repaired',
        explanation:
          'The client reported tension or disagreement in session 3 (3 of 4) and felt it was resolved (4 of 4): a rupture repaired in the session.',
      },
    },
    {
      name: 'tension 4, resolution skipped → warning',
      tension: 4,
      resolution: undefined,
      expected: {
        severity: 'warning',
        status: 'open',
        explanation:
          'The client reported tension or disagreement in session 3 (4 of 4) that they did not say was resolved; worth returning to next session.',
      },
    },
  ])('$name', ({ tension, resolution, expected }) => {
    const history = buildTestHistory({
      feedback: [
        {
          session: 3,
          respondentId: 'c1',
          tension,
          ...(resolution === undefined ? {} : { resolution }),
        },
      ],
    });
    const findings = detectSelfReportedRuptures(
      history,
      DEFAULT_ALLIANCE_RULE_PARAMETERS.selfReport,
    );
    if (expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    const { explanation, ...rest } = expected;
    expect(findings[0]).toMatchObject({ key: 'self-reported-rupture:case-1:c1:s3', ...rest });
    expect(renderFindingMessageIn('en', findings[0]!.explanation)).toBe(explanation);
    expect(findings[0]?.evidence).toEqual({
      respondentId: 'c1',
      tension,
      resolution: resolution ?? null,
    });
  });
});
