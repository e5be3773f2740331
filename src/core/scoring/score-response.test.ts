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
