import { describe, expect, it } from 'vitest';
import type { InstrumentDefinitionInput } from '../instruments/instrument-definition.ts';
import { parseInstrumentDefinition } from '../instruments/parse-instrument-definition.ts';
import { scoreResponse } from './score-response.ts';

// A small synthetic instrument exercising what the bundled ones do not: a mean scale, a
// multiplier, non-consecutive response values and reverse keying on a 0-based set.
const synthetic: InstrumentDefinitionInput = {
  id: 'synthetic',
  version: '2.1.0',
  title: 'Synthetic test instrument',
  citation: 'none (test data)',
  wordingSource: 'test data',
  standardised: false,
  licence: { class: 'site-licensed', text: 'test' },
  perspective: 'observer',
  languages: ['en'],
  higherIsBetter: true,
  responseSets: [
    {
      id: 'odd',
      options: [
        { value: 0, label: { en: 'none' } },
        { value: 2, label: { en: 'some' } },
        { value: 10, label: { en: 'all' } },
      ],
    },
  ],
  items: [
    { id: '1', type: 'choice', text: { en: 'one' }, responses: 'odd' },
    { id: '2', type: 'choice', text: { en: 'two' }, responses: 'odd', reverse: true },
    { id: '3', type: 'choice', text: { en: 'three' }, responses: 'odd' },
  ],
  scales: [
    {
      id: 'total',
      title: 'mean',
      items: ['1', '2', '3'],
      method: 'mean',
      multiplier: 10,
      range: { min: 0, max: 100 },
      missing: { maxMissing: 1, source: 'test' },
    },
  ],
  cutOffs: [
    { id: 'high', scale: 'total', operator: '>', value: 50, description: 'high', source: 'test' },
  ],
};

const parsed = parseInstrumentDefinition(synthetic);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const definition = parsed.definition;

describe('scoreResponse', () => {
  it('averages, reverse-keys (min + max − answer) and multiplies', () => {
    // item 2 = 10 reversed → 0 + 10 − 10 = 0; mean (10 + 0 + 2) / 3 = 4; × 10 = 40
    const result = scoreResponse(definition, { '1': 10, '2': 10, '3': 2 });
    expect(result).toMatchObject({ instrument: 'synthetic', version: '2.1.0', valid: true });
    expect(result.scales[0]).toMatchObject({ score: 40, itemMean: 4, prorated: false, band: null });
    expect(result.cutOffs).toEqual([]);
  });

  it('a mean scale with a missing item averages the answered ones', () => {
    const result = scoreResponse(definition, { '1': 10, '3': 10 });
    expect(result.scales[0]).toMatchObject({ score: 100, prorated: true, answered: 2 });
    expect(result.cutOffs).toEqual(['high']);
  });

  it('treats undefined like an unanswered item', () => {
    const result = scoreResponse(definition, { '1': 10, '2': undefined, '3': 10 });
    expect(result.scales[0]?.answered).toBe(2);
  });

  it('lists the allowed values when they are not consecutive', () => {
    const result = scoreResponse(definition, { '1': 1, '2': 0, '3': 0 });
    expect(result.errors).toEqual(['item 1: 1 is not a valid answer (one of 0, 2, 10)']);
  });
});

// A descriptive form (a study's sociodemographic sheet): no scales, so nothing is scored;
// it is valid when its answers are valid and every required item that is shown is answered.
const descriptiveParsed = parseInstrumentDefinition({
  ...synthetic,
  id: 'descriptive',
  scales: [],
  cutOffs: [],
  items: [
    { id: '1', type: 'choice', text: { en: 'one' }, responses: 'odd', required: true },
    {
      id: '2',
      type: 'choice',
      text: { en: 'two' },
      responses: 'odd',
      required: true,
      enableWhen: { item: '1', operator: '!=', value: 0 },
    },
    { id: '3', type: 'choice', text: { en: 'three' }, responses: 'odd' },
  ],
});
if (!descriptiveParsed.ok) throw new Error(JSON.stringify(descriptiveParsed.issues));
const descriptive = descriptiveParsed.definition;

describe('scoreResponse of a descriptive form (no scales)', () => {
  it.each([
    { answers: { '1': 2, '2': 10, '3': 0 }, errors: [], why: 'all answered' },
    { answers: { '1': 0 }, errors: [], why: 'item 2 hidden by its condition, 3 optional' },
    { answers: { '1': 2 }, errors: ['item 2: required'], why: 'item 2 shown and unanswered' },
    { answers: {}, errors: ['item 1: required'], why: 'item 2 not shown while 1 is blank' },
    { answers: { '1': 2, '2': null }, errors: ['item 2: required'], why: 'null is unanswered' },
    {
      answers: { '1': 5, '2': 10 },
      errors: ['item 1: 5 is not a valid answer (one of 0, 2, 10)'],
      why: 'a value outside the set',
    },
  ])('$why', ({ answers, errors }) => {
    const result = scoreResponse(descriptive, answers);
    expect(result).toMatchObject({ valid: errors.length === 0, errors, scales: [], flags: [] });
  });
});
