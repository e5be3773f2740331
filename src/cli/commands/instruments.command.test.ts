import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { checkFhirQuestionnaire } from '../../../test/helpers/check-fhir-resource.ts';
import { phq9 } from '../../core/instruments/bundled/phq-9.ts';

/** A version such as 1.1.0 as a regular expression matches it literally. */
const escaped = (text: string) => text.replace(/\./g, '\\.');

const tempFile = (name: string, content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'rapport-instruments-')), name);
  writeFileSync(file, content);
  return file;
};

// A site's own instrument: synthetic, for tests only.
const siteInstrument = {
  ...structuredClone(phq9),
  id: 'site-check-in',
  title: 'Site check-in (synthetic)',
  licence: { class: 'site-licensed', text: 'Synthetic test instrument.' },
  coding: undefined,
};

describe('rapport instruments', () => {
  it('list --json gives id, version, title, perspective, items and scale ids', async () => {
    const result = await runRapport(['instruments', 'list', '--json']);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as {
      id: string;
      version: string;
      perspective: string;
      items: { id: string; text: string }[];
      scales: string[];
    }[];
    expect(list.map((i) => i.id)).toContain('phq-9');
    const phq = list.find((i) => i.id === 'phq-9')!;
    expect(Object.keys(phq)).toEqual(['id', 'version', 'title', 'perspective', 'items', 'scales']);
    expect(phq.items).toHaveLength(9);
    expect(phq.items[0]).toEqual({ id: '1', text: 'Little interest or pleasure in doing things' });
    expect(phq.scales).toEqual(['total']);
    expect(list.find((i) => i.id === 'wai-sr')!.scales).toEqual(['total', 'goal', 'task', 'bond']);
    expect(list.find((i) => i.id === 'who-5')!.scales).toEqual(['total', 'percent']);
  });

  it('list without --json is a table', async () => {
    const result = await runRapport(['instruments', 'list']);
    expect(result.stdout).toMatch(new RegExp(`^phq-9\\s+${escaped(phq9.version)}\\s+client`, 'm'));
  });

  it('show --fhir prints a valid FHIR R4 Questionnaire', async () => {
    const result = await runRapport(['instruments', 'show', 'phq-9', '--fhir']);
    expect(result.code).toBe(0);
    const questionnaire = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(checkFhirQuestionnaire(questionnaire)).toEqual([]);
    expect(questionnaire).toMatchObject({
      resourceType: 'Questionnaire',
      code: [{ code: '44249-1' }],
    });
  });

  it('show prints the rules, or the definition with --json', async () => {
    const text = await runRapport(['instruments', 'show', 'score-15']);
    expect(text.stdout).toMatch(/reverse-keyed/);
    expect(text.stdout).toMatch(/bands|Scales:/);
    const json = await runRapport(['instruments', 'show', 'session-feedback', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'session-feedback', standardised: false });
    const unknown = await runRapport(['instruments', 'show', 'ors']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown instrument "ors"/);
  });

  it('import --check-only accepts a valid site file', async () => {
    const file = tempFile('site.json', JSON.stringify(siteInstrument));
    const result = await runRapport(['instruments', 'import', file, '--check-only']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`site-check-in ${phq9.version} is valid`);
  });

  it('import lists every problem with its path and exits 2', async () => {
    const bad = { ...structuredClone(siteInstrument), perspective: 'patient', version: 'one' };
    bad.items[1]!.text = {};
    const file = tempFile('bad.json', JSON.stringify(bad));
    const result = await runRapport(['instruments', 'import', file, '--organization', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^rapport: not a valid instrument definition \(\d+ problems\)/);
    expect(result.stderr).toMatch(/ {2}version: must look like 1\.0\.0/);
    expect(result.stderr).toMatch(/ {2}perspective: /);
    const crossRef = tempFile(
      'cross.json',
      JSON.stringify({
        ...siteInstrument,
        scales: [{ ...siteInstrument.scales[0], items: ['1', '99'] }],
      }),
    );
    const second = await runRapport(['instruments', 'import', crossRef, '--check-only']);
    expect(second.stderr).toMatch(/scales\[0\]\.items\[1\]: "99" is not a choice item/);
  });

  it('import refuses bad JSON, a missing file and a bundled id', async () => {
    const notJson = await runRapport([
      'instruments',
      'import',
      tempFile('x.json', '{oops'),
      '--check-only',
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/is not valid JSON/);
    const missing = await runRapport([
      'instruments',
      'import',
      '/nonexistent.json',
      '--check-only',
    ]);
    expect(missing.stderr).toMatch(/cannot read/);
    const bundled = await runRapport([
      'instruments',
      'import',
      tempFile('p.json', JSON.stringify(phq9)),
      '--check-only',
    ]);
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toMatch(/"phq-9" is a bundled instrument/);
    const noOrg = await runRapport([
      'instruments',
      'import',
      tempFile('s.json', JSON.stringify(siteInstrument)),
    ]);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/--organization is required/);
  });

  it('import stores a valid file for an organization (SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-import-'));
    const db = join(dir, 'rapport.db');
    const setup = await runRapport([
      'setup',
      '--organization',
      'Synthetic Practice',
      '--slug',
      'synthetic',
      '--clinic',
      'Main',
      '--time-zone',
      'Europe/London',
      '--db',
      db,
    ]);
    expect(setup.stderr).toBe('');
    const file = tempFile('site.json', JSON.stringify(siteInstrument));
    const first = await runRapport([
      'instruments',
      'import',
      file,
      '--organization',
      'synthetic',
      '--db',
      db,
    ]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(
      `Imported site-check-in ${phq9.version} (9 items) for synthetic`,
    );
    const again = await runRapport([
      'instruments',
      'import',
      file,
      '--organization',
      'synthetic',
      '--db',
      db,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already imported/);
    const unknownOrg = await runRapport([
      'instruments',
      'import',
      file,
      '--organization',
      'nobody',
      '--db',
      db,
    ]);
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toMatch(/organization "nobody" not found/);
  });
});
