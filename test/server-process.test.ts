import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VISIT_COOKIE } from '../src/server/measurement/questionnaire.routes.ts';
import { spawnRapport } from './helpers/spawn-rapport.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rapport-process-'));

describe('the server as a process', () => {
  it('serves the demo practice, answers /healthz, prints the logins, and stops cleanly on SIGTERM', async () => {
    const db = join(tempDir(), 'demo.db');
    const rapport = spawnRapport(['demo', '--db', db, '--port', '0', '--anchor', '2026-11-23']);
    const [, url] = await rapport.waitFor(/Rapport demo: (http:\/\/\S+)/);
    expect(rapport.output()).toContain('60 clients');
    expect(rapport.output()).toContain('therapist1@harmonybridge.example');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    // The founding study: the researcher's login and an open consent link that opens.
    await rapport.waitFor(/Press Ctrl\+C to stop/);
    expect(rapport.output()).toContain('researcher@harmonybridge.example');
    const [, consentToken] = await rapport.waitFor(/\/consent#([A-Za-z0-9_-]{43})/);
    const consent = await fetch(`${url}/api/public/consent/view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: consentToken }),
    });
    expect(consent.status).toBe(200);
    expect(await consent.json()).toMatchObject({
      studyTitle: 'Alliance formation in the first five sessions',
      version: 1,
    });
    const profile = await fetch(`${url}/api/public/organizations/harmonybridge`);
    expect(await profile.json()).toMatchObject({ name: 'HarmonyBridge Family Therapy' });
    rapport.child.kill('SIGTERM');
    expect(await rapport.exited).toEqual({ code: 0, signal: null });
  });

  it('prints working questionnaire links again when the demo reopens its practice', async () => {
    const db = join(tempDir(), 'demo.db');
    const build = spawnRapport(['demo', '--db', db, '--no-serve']);
    expect((await build.exited).code).toBe(0);
    const rapport = spawnRapport(['demo', '--db', db, '--port', '0']);
    const [, url] = await rapport.waitFor(/Rapport demo: (http:\/\/\S+)/);
    await rapport.waitFor(/Press Ctrl\+C to stop/);
    expect(rapport.output()).toContain('Reusing the demo practice');
    const links = [...rapport.output().matchAll(/(http:\/\/\S+\/q\/\S+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    // A live link is swapped for the visit cookie (a dead one gets the same redirect, no cookie).
    const opened = await fetch(links[0]!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('set-cookie') ?? '').toContain(VISIT_COOKIE);
    expect(url).toBe(new URL(links[0]!).origin);
    rapport.child.kill('SIGTERM');
    expect((await rapport.exited).code).toBe(0);
  });

  it('serves an existing database with `serve` after `demo --no-serve` built it', async () => {
    const db = join(tempDir(), 'big.db');
    const build = spawnRapport(['demo', '--db', db, '--clients', '300', '--no-serve']);
    expect((await build.exited).code).toBe(0);
    expect(build.output()).toContain('300 clients');
    const serve = spawnRapport(['serve', '--db', db, '--port', '0']);
    const [, url] = await serve.waitFor(/listening at (http:\/\/\S+)/);
    const profile = await fetch(`${url}/api/public/organizations/harmonybridge`);
    expect(profile.status).toBe(200);
    serve.child.kill('SIGINT');
    expect((await serve.exited).code).toBe(0);
  });

  it.each([
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
  ])('refuses to start with %j, in one line that names the variable', async (env, name) => {
    const rapport = spawnRapport(['serve'], { ...env, RAPPORT_DATA_DIR: tempDir() });
    const { code } = await rapport.exited;
    expect(code).toBe(2);
    const lines = rapport.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rapport: invalid configuration: ${name}`));
  });
});
