import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnRapport } from './helpers/spawn-rapport.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rapport-cli-process-'));

// The compiled command (dist/server, built by global-setup) as a person runs it.
describe('the rapport command as a process', () => {
  it('seeds a big demo practice with its worker thread', async () => {
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
