import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../../test/helpers/run-cli.ts';

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('rapport score', () => {
  it('scores PHQ-9 lines: total, band, risk flag', async () => {
    const input = [
      { ref: 'a', answers: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 0, 7: 0, 8: 0, 9: 1 } },
      { ref: { id: 7 }, answers: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 0, 7: 0, 8: 0, 9: 0 } },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const result = await runRapport(['score', 'phq-9'], input);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      {
        ref: 'a',
        instrument: 'phq-9',
        version: '1.1.0',
        valid: true,
        errors: [],
        scores: { total: 16 },
        bands: { total: 'moderately-severe' },
        flags: ['risk'],
      },
      {
        ref: { id: 7 },
        instrument: 'phq-9',
        version: '1.1.0',
        valid: true,
        errors: [],
        scores: { total: 5 },
        bands: { total: 'mild' },
        flags: [],
      },
    ]);
  });

  it('keeps going past bad lines, one record per line, exit 0', async () => {
    const input = [
      '{"ref":1,"answers":{"1":9}}',
      'not json',
      '',
      '[1,2]',
      '{"ref":4,"answers":"none"}',
      '{"ref":5,"answers":{"1":3,"2":3,"3":3,"4":3,"5":3,"6":3,"7":3}}',
      '{"ref":6,"answers":{"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"q":1}}',
    ].join('\r\n');
    const result = await runRapport(['score', 'gad-7'], input);
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.map((r) => [r.ref, r.valid])).toEqual([
      [1, false],
      [null, false],
      [null, false],
      [4, false],
      [5, true],
      [6, false],
    ]);
    expect(out[0]!.errors).toEqual([
      'item 1: 9 is not a valid answer (a whole number from 0 to 3)',
    ]);
    expect(out[1]!.errors).toEqual(['line 2: not valid JSON']);
    expect(out[1]!.scores).toEqual({ total: null });
    expect(out[4]).toMatchObject({ scores: { total: 21 }, bands: { total: 'severe' } });
    expect(out[5]!.errors).toEqual(['item q: unknown item (gad-7 has items 1–7)']);
  });

  it('gives the WAI subscales and WHO-5 percentage', async () => {
    const wai = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), 4]));
    const who = { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 };
    const [w] = lines(
      (await runRapport(['score', 'wai-sr'], JSON.stringify({ ref: 1, answers: wai }))).stdout,
    );
    expect(w!.scores).toEqual({ total: 48, goal: 16, task: 16, bond: 16 });
    const [h] = lines(
      (await runRapport(['score', 'who-5'], JSON.stringify({ ref: 1, answers: who }))).stdout,
    );
    expect(h!.scores).toEqual({ total: 15, percent: 60 });
  });

  it('reads --file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-score-'));
    const file = join(dir, 'answers.jsonl');
    writeFileSync(file, '{"ref":"f","answers":{"1":7,"2":7,"3":7,"4":7,"5":7}}\n');
    const result = await runRapport(['score', 'swls', '--file', file]);
    expect(lines(result.stdout)[0]).toMatchObject({
      ref: 'f',
      scores: { total: 35 },
      bands: { total: 'extremely-satisfied' },
    });
  });

  it('an unknown instrument or missing file exits 2 with a message', async () => {
    const unknown = await runRapport(['score', 'ors'], '');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^rapport: unknown instrument "ors"/);
    expect(unknown.stderr).toMatch(/instrumentId: must be one of wai-sr, phq-9/);
    const missing = await runRapport(['score', 'phq-9', '--file', '/nonexistent/answers.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});
