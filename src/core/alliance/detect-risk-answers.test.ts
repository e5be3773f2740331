import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { buildTestHistory } from '../../../test/helpers/build-test-history.ts';
import { detectRiskAnswers } from './detect-risk-answers.ts';

describe('detectRiskAnswers', () => {
  it.each([
    { name: 'PHQ-9 item 9 = 0 → nothing', instrumentId: 'phq-9', answer: 0, expected: null },
    {
      name: 'PHQ-9 item 9 = 1 with a low total → urgent all the same',
      instrumentId: 'phq-9',
      answer: 1,
      expected:
        'At session 2 the client answered 1 ("several days") to the PHQ-9 question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
    },
    {
      name: 'PHQ-9 item 9 = 3 → urgent',
      instrumentId: 'phq-9',
      answer: 3,
      expected:
        'At session 2 the client answered 3 ("nearly every day") to the PHQ-9 question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
    },
    {
      name: 'another instrument is not a risk item',
      instrumentId: 'gad-7',
      answer: 3,
      expected: null,
    },
  ])('$name', ({ instrumentId, answer, expected }) => {
    const history = buildTestHistory({
      outcomes: [
        { session: 2, respondentId: 'c1', instrumentId, total: 6, riskItemAnswer: answer },
      ],
    });
    const findings = detectRiskAnswers(history, DEFAULT_ALLIANCE_RULE_PARAMETERS.outcomes);
    if (expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toMatchObject([
      {
        key: 'risk-item:case-1:c1:phq-9:s2',
        severity: 'urgent',
        evidence: { respondentId: 'c1', instrumentId: 'phq-9', answer, total: 6 },
      },
    ]);
    expect(renderFindingMessageIn('en', findings[0]!.explanation)).toBe(expected);
  });
});
