import { describe, expect, it } from 'vitest';
import { phq9 } from './bundled/phq-9.ts';
import {
  bundledInstrumentSources,
  bundledInstruments,
  findBundledInstrument,
} from './bundled-instruments.ts';
import type { InstrumentDefinition, InstrumentDefinitionInput } from './instrument-definition.ts';
import { parseInstrumentDefinition } from './parse-instrument-definition.ts';

/**
 * The registry does not validate its files when it loads (that cost `rapport score` most of
 * its start-up); this is where they are validated: the parser must accept the file and give
 * exactly what the registry holds.
 */
function parseBundled(source: InstrumentDefinitionInput): InstrumentDefinition {
  const result = parseInstrumentDefinition(source);
  if (!result.ok) {
    const details = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new Error(`bundled instrument ${String(source.id)} is invalid: ${details}`);
  }
  return result.definition;
}

describe('bundled instruments', () => {
  it.each(bundledInstrumentSources.map((source) => [String(source.id), source] as const))(
    '%s passes the parser, which gives exactly the registry’s definition',
    (id, source) => {
      const definition = findBundledInstrument(id);
      expect(definition).toBeDefined();
      expect(definition).toStrictEqual(parseBundled(source));
    },
  );

  it('the check above fails on a broken file, naming the problem', () => {
    const broken = { ...structuredClone(phq9), scales: [] };
    expect(() => parseBundled(broken)).toThrow(
      /phq-9 is invalid: standardised: a form with no scales is descriptive/,
    );
    const badReference = structuredClone(phq9);
    badReference.flags = [{ ...phq9.flags![0]!, item: '10' }];
    expect(() => parseBundled(badReference)).toThrow(/flags\[0\]\.item: "10" is not a choice item/);
  });

  it('have ids of their own', () => {
    const ids = bundledInstruments.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

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
      'therapist-session-rating',
      'client-sociodemographic',
      'therapist-work-context',
    ]);
  });

  it.each(bundledInstruments)('$id carries citation, licence, wording source and rules', (d) => {
    expect(d.citation.length).toBeGreaterThan(10);
    expect(d.licence.class).toBe('bundled');
    expect(d.wordingSource.length).toBeGreaterThan(10);
    // A validated instrument ships a language only where its official text is known word for
    // word (none yet beyond English); Rapport's own forms carry Rapport's own translations.
    expect(d.languages).toEqual(d.standardised ? ['en'] : expect.arrayContaining(['en']));
    // Every scored instrument has a total; a descriptive form (no scales) is never standardised.
    if (d.scales.length > 0) expect(d.scales.some((s) => s.id === 'total')).toBe(true);
    else expect(d.standardised).toBe(false);
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
      'therapist-session-rating': [4, ['total', 'goal', 'task', 'bond', 'tension']],
      'client-sociodemographic': [6, []],
      'therapist-work-context': [5, []],
    });
  });

  it('only Rapport’s own forms are non-standardised, and say so in their title', () => {
    const own = bundledInstruments.filter((d) => !d.standardised);
    expect(own.map((d) => d.id)).toEqual([
      'session-feedback',
      'therapist-session-rating',
      'client-sociodemographic',
      'therapist-work-context',
    ]);
    for (const d of own) expect(d.title).toContain('non-standardised');
  });

  it('promises the client of the session-feedback form only what Rapport does', () => {
    // The therapist can read the answers on the session page; nothing makes them read them
    // before the next session, so the form does not say so.
    const feedback = findBundledInstrument('session-feedback')!;
    expect(feedback.version).toBe('1.1.0');
    expect(feedback.instructions?.en).toBe(
      'A few questions about today’s session. Your therapist can read your answers.',
    );
    expect(JSON.stringify(feedback)).not.toMatch(/before the next session/);
  });

  it('has study forms that describe, in English and Spanish, every item required with a way out', () => {
    for (const id of ['client-sociodemographic', 'therapist-work-context']) {
      const form = findBundledInstrument(id)!;
      expect(form.languages).toEqual(['en', 'es']);
      expect(form.scales).toEqual([]);
      expect(form.items.every((item) => item.type === 'choice' && item.required)).toBe(true);
    }
    // The client sheet: age band, gender, education, work, relationship, first language.
    const client = findBundledInstrument('client-sociodemographic')!;
    expect(client.perspective).toBe('client');
    expect(client.items.map((i) => i.responses)).toEqual([
      'age-band',
      'gender',
      'education',
      'work',
      'relationship',
      'language',
    ]);
    // A client may always decline to say.
    for (const set of client.responseSets) expect(set.options.map((o) => o.value)).toContain(99);
    const therapist = findBundledInstrument('therapist-work-context')!;
    expect(therapist.perspective).toBe('therapist');
    expect(therapist.items.map((i) => i.responses)).toEqual([
      'profession',
      'experience',
      'orientation',
      'clinic',
      'caseload',
    ]);
  });

  it('finds by id', () => {
    expect(findBundledInstrument('phq-9')?.title).toMatch(/PHQ-9/);
    expect(findBundledInstrument('ors')).toBeUndefined();
  });
});
