import { assert, describe, expect, it } from 'vitest';
import { phq9 } from './bundled/phq-9.ts';
import { parseInstrumentDefinition } from './parse-instrument-definition.ts';

const clone = <T>(value: T): T => structuredClone(value);

describe('parseInstrumentDefinition', () => {
  it('accepts a bundled definition and fills defaults', () => {
    const result = parseInstrumentDefinition(clone(phq9));
    assert(result.ok, 'the bundled PHQ-9 parses');
    expect(result.definition.meaningfulChange).toEqual([]);
    expect(result.definition.noReliableChange).toEqual([]);
  });

  it('checks reliable change, caseness and the reason for none against the scales and cut-offs', () => {
    const bad = clone(phq9);
    bad.reliableChange = [
      { scale: 'total', minimumChange: 6, source: 'x' },
      { scale: 'total', sd: 5, reliability: 0.8, reliabilityKind: 'test-retest', source: 'x' },
    ];
    bad.caseness = [
      { scale: 'total', cutOff: 'no-such-cut', source: 'x' },
      { scale: 'sum', cutOff: 'clinical-range', source: 'x' },
    ];
    bad.noReliableChange = [{ scale: 'total', reason: 'no-verified-norms', detail: 'x' }];
    const result = parseInstrumentDefinition(bad);
    assert(!result.ok, 'refused');
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'reliableChange[0].scale: "total" is also listed in noReliableChange',
      'reliableChange[1].scale: "total" already has reliable-change parameters',
      'reliableChange[1].scale: "total" is also listed in noReliableChange',
      'caseness[0].cutOff: no cut-off "no-such-cut"',
      'caseness[1].cutOff: cut-off "clinical-range" is not on scale "sum"',
    ]);
    const neither = parseInstrumentDefinition({
      ...clone(phq9),
      reliableChange: [{ scale: 'total', minimumChange: 6, sd: 5, source: 'x' }],
    });
    expect(neither.ok).toBe(false);
  });

  it('lists every structural problem with its path', () => {
    const bad = clone(phq9) as Record<string, unknown>;
    bad.id = 'PHQ 9';
    bad.perspective = 'patient';
    delete bad.citation;
    (bad.items as Record<string, unknown>[])[2]!.text = { en: '' };
    bad.extra = true;
    const result = parseInstrumentDefinition(bad);
    assert(!result.ok, 'the definition is rejected');
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'perspective', 'citation', 'items[2].text.en', '(file)']),
    );
    expect(result.issues.find((i) => i.path === 'id')?.message).toMatch(/lower-case/);
  });

  it('lists every cross-reference problem with its path', () => {
    const bad = clone(phq9);
    const items = bad.items as { id: string; text: Record<string, string>; responses?: string }[];
    items[1]!.id = '7';
    items[3]!.text = { en: 'x', de: 'y' };
    items[4]!.responses = 'nope';
    const scales = bad.scales as { items: string[]; range: { min: number; max: number } }[];
    scales[0]!.items = [...scales[0]!.items.slice(0, 8), '12'];
    bad.flags = [{ ...bad.flags![0]!, item: '10' }];
    bad.bands = [{ ...bad.bands![0]!, scale: 'sum' }];
    bad.cutOffs = [{ ...bad.cutOffs![0]!, scale: 'sum' }];
    bad.reliableChange = [
      { scale: 'sum', sd: 5, reliability: 0.8, reliabilityKind: 'test-retest', source: 'x' },
    ];
    bad.meaningfulChange = [{ scale: 'sum', value: 5, source: 'x' }];
    const result = parseInstrumentDefinition(bad);
    assert(!result.ok, 'the definition is rejected');
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'items[1].id', message: 'must be "2" (the item\'s 1-based position)' },
        { path: 'items[3].text.de', message: '"de" is not in languages' },
        { path: 'items[4].responses', message: 'no response set "nope"' },
        { path: 'scales[0].items[8]', message: '"12" is not a choice item of this instrument' },
        { path: 'flags[0].item', message: '"10" is not a choice item of this instrument' },
        { path: 'bands[0].scale', message: 'no scale "sum"' },
        { path: 'cutOffs[0].scale', message: 'no scale "sum"' },
        { path: 'reliableChange[0].scale', message: 'no scale "sum"' },
        { path: 'meaningfulChange[0].scale', message: 'no scale "sum"' },
      ]),
    );
  });

  it('checks ranges, repeats, languages, missing rules and band order', () => {
    const bad = clone(phq9);
    bad.languages = ['en', 'en', 'fr'];
    bad.instructions = { en: 'x' };
    const set = bad.responseSets[0]!;
    set.options = [...set.options, { value: 3, label: { en: 'again', fr: 'encore' } }];
    bad.responseSets = [set, { ...set, id: 'frequency' }];
    const scale = bad.scales[0]!;
    scale.range = { min: 0, max: 30 };
    scale.missing = { maxMissing: 9, source: 'x' };
    bad.scales = [scale, { ...scale, id: 'other', items: ['1', '1'], range: { min: 0, max: 6 } }];
    bad.bands![0]!.levels = [
      { min: 0, label: 'a' },
      { min: 0, label: 'b' },
    ];
    const result = parseInstrumentDefinition(bad);
    assert(!result.ok, 'the definition is rejected');
    const messages = result.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'languages: languages repeat',
        'instructions.fr: missing the "fr" text',
        'responseSets[0].options[4].value: value 3 repeats',
        'responseSets[1].id: response set "frequency" repeats',
        'scales[0].range: the items give 0–27, not 0–30',
        'scales[0].missing.maxMissing: must be less than the number of items',
        'scales[1].items: items repeat',
        'bands[0].levels[1].min: levels must ascend',
      ]),
    );
  });

  it('requires a total scale and checks text items and conditions', () => {
    const bad = clone(phq9);
    bad.scales[0]!.id = 'sum';
    bad.items[0] = {
      id: '1',
      type: 'text',
      text: { en: 'x' },
      responses: 'frequency',
      reverse: true,
    };
    bad.items[1] = { id: '2', type: 'choice', text: { en: 'x' } };
    bad.items[2] = { ...bad.items[2]!, enableWhen: { item: '5', operator: '=', value: 1 } };
    const result = parseInstrumentDefinition(bad);
    assert(!result.ok, 'the definition is rejected');
    const messages = result.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'scales: every instrument with scales needs a scale with id "total"',
        'items[0].responses: a text item has no responses',
        'items[0].reverse: a text item cannot be reverse-keyed',
        'items[1].responses: a choice item needs responses',
        'items[2].enableWhen.item: must name an earlier item',
      ]),
    );
  });

  it('accepts a descriptive form (no scales) only when it is non-standardised and flags nothing', () => {
    const descriptive = {
      ...clone(phq9),
      scales: [],
      bands: [],
      cutOffs: [],
      flags: [],
      reliableChange: [],
      caseness: [],
    };
    expect(parseInstrumentDefinition(descriptive).ok).toBe(false);
    assert(parseInstrumentDefinition({ ...descriptive, standardised: false }).ok, 'accepted');
    const flagged = parseInstrumentDefinition({
      ...descriptive,
      standardised: false,
      flags: clone(phq9).flags,
    });
    assert(!flagged.ok, 'a flag needs a total to be kept with');
    expect(flagged.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'flags: a form with no scales has no flags (they are kept with its total)',
    ]);
    const standardised = parseInstrumentDefinition(descriptive);
    assert(!standardised.ok, 'refused');
    expect(standardised.issues.map((i) => i.path)).toEqual(['standardised']);
  });

  it('reports a non-object as a problem with the whole file', () => {
    const result = parseInstrumentDefinition('not an instrument');
    expect(result).toMatchObject({ ok: false, issues: [{ path: '(file)' }] });
  });
});
