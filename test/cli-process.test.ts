import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnRapport } from './helpers/spawn-rapport.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rapport-cli-process-'));

// The compiled command (dist/server, built by global-setup) as a person runs it.
describe('the rapport command as a process', () => {
  it('stops quietly with status 0 when the reader of its output goes away', async () => {
    const file = join(tempDir(), 'answers.jsonl');
    const line = JSON.stringify({
      ref: 'x',
      answers: { 1: 1, 2: 2, 3: 0, 4: 1, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0 },
    });
    writeFileSync(file, `${line}\n`.repeat(50_000));
    const rapport = spawnRapport(['score', 'phq-9', '--file', file]);
    let stderr = '';
    rapport.child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Like `| head -1`: read up to the first line, then close the pipe.
    await rapport.waitFor(/\n/);
    rapport.child.stdout.destroy();
    expect(await rapport.exited).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });

  it('seeds a big demo practice with its worker thread, with no progress line when piped', async () => {
    const db = join(tempDir(), 'demo.db');
    // From 1,000 clients the seed starts dist/server/demo-rows.worker.js (demo.command.ts).
    const rapport = spawnRapport([
      'demo',
      '--db',
      db,
      '--clients',
      '1000',
      '--no-serve',
      '--anchor',
      '2026-11-23',
    ]);
    let stderr = '';
    rapport.child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    expect(await rapport.exited).toEqual({ code: 0, signal: null });
    expect(rapport.output()).toMatch(/Created HarmonyBridge Family Therapy in .*: 1000 clients/);
    expect(stderr).toBe('');
  }, 120_000);
});
