import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import type { ReliableChangeResult } from './alliance-case-history.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectReliableChangeSignals } from './detect-reliable-change-signals.ts';

const result = (
  session: number,
  category: ReliableChangeResult['category'],
  post: number,
): ReliableChangeResult => ({
  respondentId: 'c1',
  instrumentId: 'phq-9',
  session,
  category,
  pre: 14,
  post,
});

describe('detectReliableChangeSignals', () => {
  it.each([
    {
      name: 'unchanged says nothing',
      results: [result(4, 'unchanged', 12)],
      expected: [],
    },
    {
      name: 'reliable deterioration → warning',
      results: [result(4, 'unchanged', 16), result(6, 'deteriorated', 20)],
      expected: [
        {
          key: 'reliable-change:case-1:c1:phq-9:deteriorated:s6',
          severity: 'warning',
          status: 'active',
          explanation:
            'PHQ-9 has reliably deteriorated by session 6 (14 → 20): more than measurement error can explain, worth reviewing the plan.',
        },
      ],
    },
    {
      name: 'improvement then recovery: good news, the improvement resolved into recovery',
      results: [result(4, 'improved', 7), result(6, 'recovered', 4)],
      expected: [
        {
          key: 'reliable-change:case-1:c1:phq-9:improved:s4',
          severity: 'info',
          status: 'resolved',
          explanation: 'PHQ-9 has reliably improved by session 4 (14 → 7).',
        },
        {
          key: 'reliable-change:case-1:c1:phq-9:recovered:s6',
          severity: 'info',
          status: 'active',
          explanation:
            'PHQ-9 shows recovery by session 6 (14 → 4): reliable improvement into the healthy range.',
        },
      ],
    },
  ])('$name', ({ results, expected }) => {
    const findings = detectReliableChangeSignals(buildTestHistory({ reliableChanges: results }));
    expect(
      findings.map(({ key, severity, status, explanation }) => ({
        key,
        severity,
        status,
        explanation: renderFindingMessageIn('en', explanation),
      })),
    ).toEqual(expected);
  });
});
