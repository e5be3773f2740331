import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { scoreJsonLine } from './score-json-line.ts';

const phq9 = findBundledInstrument('phq-9')!;
const nulls = { total: null };

describe('scoreJsonLine (the `rapport score` record)', () => {
  it('scores a line and echoes any ref', () => {
    const line = JSON.stringify({
      ref: { case: 'c1', session: 3 },
      answers: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 0, 7: 0, 8: 0, 9: 0 },
    });
    expect(scoreJsonLine(phq9, line, 1)).toEqual({
      ref: { case: 'c1', session: 3 },
      instrument: 'phq-9',
      version: '1.1.0',
      valid: true,
      errors: [],
      scores: { total: 10 },
      bands: { total: 'moderate' },
      flags: [],
    });
  });

  it.each([
    ['not json', 'line 7: not valid JSON', null],
    ['42', 'line 7: expected an object with "answers"', null],
    ['null', 'line 7: expected an object with "answers"', null],
    ['[]', 'line 7: expected an object with "answers"', null],
    ['{"ref":"x"}', 'line 7: "answers" must be an object of item id → number or null', 'x'],
    [
      '{"ref":"y","answers":[1]}',
      'line 7: "answers" must be an object of item id → number or null',
      'y',
    ],
  ])('%s → invalid record', (line, error, ref) => {
    expect(scoreJsonLine(phq9, line, 7)).toEqual({
      ref,
      instrument: 'phq-9',
      version: '1.1.0',
      valid: false,
      errors: [error],
      scores: nulls,
      bands: {},
      flags: [],
    });
  });
});
