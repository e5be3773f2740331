import { describe, expect, it } from 'vitest';
import { bundledInstruments, findBundledInstrument } from './bundled-instruments.ts';

describe('bundled instruments', () => {
  it('are the ones docs/methods.md lists that could be verified', () => {
    expect(bundledInstruments.map((d) => d.id)).toEqual([
      'wai-sr',
      'phq-9',
      'gad-7',
      'who-5',
      'swls',
      'flourishing-scale',
      'score-15',
      'session-feedback',
    ]);
  });

  it.each(bundledInstruments)('$id carries citation, licence, wording source and rules', (d) => {
    expect(d.citation.length).toBeGreaterThan(10);
    expect(d.licence.class).toBe('bundled');
    expect(d.wordingSource.length).toBeGreaterThan(10);
    expect(d.languages).toEqual(['en']);
    expect(d.scales.some((s) => s.id === 'total')).toBe(true);
    for (const scale of d.scales) expect(scale.missing.source.length).toBeGreaterThan(10);
  });

  it('has the item counts and scales of the published instruments', () => {
    const shape = Object.fromEntries(
      bundledInstruments.map((d) => [d.id, [d.items.length, d.scales.map((s) => s.id)]]),
    );
    expect(shape).toEqual({
      'wai-sr': [12, ['total', 'goal', 'task', 'bond']],
      'phq-9': [9, ['total']],
      'gad-7': [7, ['total']],
      'who-5': [5, ['total', 'percent']],
      swls: [5, ['total']],
      'flourishing-scale': [8, ['total']],
      'score-15': [15, ['total', 'strengths', 'overwhelmed', 'communication']],
      'session-feedback': [5, ['total', 'tension', 'resolution']],
    });
  });

  it('only the session feedback form is non-standardised', () => {
    expect(bundledInstruments.filter((d) => !d.standardised).map((d) => d.id)).toEqual([
      'session-feedback',
    ]);
  });

  it('finds by id', () => {
    expect(findBundledInstrument('phq-9')?.title).toMatch(/PHQ-9/);
    expect(findBundledInstrument('ors')).toBeUndefined();
  });
});
