// The researcher's side of an export: `rapport export study <id> --out F` writes the ZIP,
// R reads its long.csv with read.csv (test/reference/export-read.R) and computes a mean and a
// Pearson r, and Rapport's own numbers from the same file agree to 1e-9. CI installs R
// (.ci/run); without Rscript this test fails rather than passing untested.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { correlate } from '../../src/core/stats/correlate.ts';
import { migrateToLatest, openDatabase } from '../../src/server/db/database.ts';
import { createExportCohort } from '../helpers/export-cohort.fixture.ts';
import { runRapport } from '../helpers/run-cli.ts';

const here = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

describe('a study export read in R', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rapport export study writes the ZIP; R gets the same mean and r from its long.csv', async () => {
    const file = join(dir, 'study.db');
    const database = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(database.db);
    // Eight consenting clients with different answers, and one who withdrew (left out).
    const clients = Array.from({ length: 8 }, (_, i) => ({
      status: 'consented' as const,
      wai: Array.from({ length: 12 }, (_, j) => 1 + ((i * 3 + j * (i % 3)) % 5)),
      who: Array.from({ length: 5 }, (_, j) => (i + j * (i % 4)) % 6),
    }));
    const cohort = await createExportCohort(database.db, [
      ...clients,
      { status: 'withdrawn', wai: Array(12).fill(5), who: Array(5).fill(0) },
    ]);
    await database.close();

    const out = join(dir, 'export.zip');
    const result = await runRapport([
      'export',
      'study',
      cohort.studyId,
      '--out',
      out,
      '--db',
      file,
    ]);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Wrote ${out}: long.csv (`);
    const zip = unzipSync(new Uint8Array(readFileSync(out)));
    const longCsv = strFromU8(zip['long.csv']!);
    const longFile = join(dir, 'long.csv');
    writeFileSync(longFile, longCsv);

    // Rapport's numbers, from the same file.
    const rows = parse(longCsv, { columns: true }) as Record<string, string>[];
    const at = (variable: string) =>
      new Map(
        rows
          .filter((r) => r.session === '1' && r.variable === variable)
          .map((r) => [r.participant!, Number(r.value)]),
      );
    const wai = at('wai_sr_total');
    const who = at('who_5_total');
    const ids = [...wai.keys()].filter((id) => who.has(id));
    expect(ids).toHaveLength(8);
    const mine = correlate(
      ids.map((id) => wai.get(id)!),
      ids.map((id) => who.get(id)!),
    );
    const meanWho5 = [...who.values()].reduce((a, b) => a + b, 0) / who.size;

    const { stdout } = await promisify(execFile)('Rscript', [here('export-read.R'), longFile], {
      timeout: 60_000,
    });
    const r = JSON.parse(stdout) as { n: number; meanWho5: number; r: number };
    expect(r.n).toBe(8);
    expect(r.meanWho5).toBeCloseTo(meanWho5, 9);
    expect(r.r).toBeCloseTo(mine.r, 9);
  }, 120_000);

  it('refuses a bad or unknown study id with a one-line message, and writes no file', async () => {
    const file = join(dir, 'empty.db');
    const database = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(database.db);
    await database.close();
    const out = join(dir, 'none.zip');
    const bad = await runRapport(['export', 'study', 'nope', '--out', out, '--db', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a study id');
    const unknown = await runRapport([
      'export',
      'study',
      '00000000-0000-4000-8000-000000000000',
      '--out',
      out,
      '--db',
      file,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Study not found');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
