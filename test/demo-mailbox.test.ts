import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/demo-password.ts';
import { SESSION_COOKIE } from '../src/server/http/authenticate.ts';
import { spawnRapport } from './helpers/spawn-rapport.ts';

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

describe('the demo as a process', () => {
  it('catches its mail for the admin to read, and logs nothing at warn or above', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rapport-demo-mail-')), 'demo.db');
    // spawnRapport logs at warn: any line the demo prints from the log is a warning or worse.
    const rapport = spawnRapport(['demo', '--db', db, '--port', '0', '--anchor', '2026-11-23'], {
      RAPPORT_JOB_POLL_MS: '200',
    });
    try {
      const [, url] = await rapport.waitFor(/Rapport demo: (http:\/\/\S+)/, 60_000);
      await rapport.waitFor(/Press Ctrl\+C to stop/);
      expect(rapport.output()).toContain(`${url}/api/demo/mailbox`);

      const anonymous = await fetch(`${url}/api/demo/mailbox`);
      expect(anonymous.status).toBe(401);
      const signIn = async (login: string) => {
        const answer = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: `${login}@harmonybridge.example`,
            password: DEMO_PASSWORD,
          }),
        });
        expect(answer.status).toBe(200);
        const cookie = answer.headers
          .getSetCookie()
          .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
          .split(';')[0]!;
        return (path: string) => fetch(`${url}${path}`, { headers: { cookie } });
      };
      const therapist = await signIn('therapist1');
      expect((await therapist('/api/demo/mailbox')).status).toBe(403);
      const admin = await signIn('admin');

      let urgent: Mail | undefined;
      const deadline = Date.now() + 30_000;
      while (!urgent && Date.now() < deadline) {
        const answer = await admin('/api/demo/mailbox');
        expect(answer.status).toBe(200);
        const { mails } = (await answer.json()) as { mails: Mail[] };
        urgent = mails.find((m) => m.subject.includes('urgent alert'));
        if (!urgent) await new Promise((r) => setTimeout(r, 250));
      }
      expect(urgent).toMatchObject({
        subject: 'Rapport: an urgent alert needs your attention',
        to: [expect.stringMatching(/@harmonybridge\.example$/)],
      });
      // Only the path: with --port 0 the mail's PUBLIC_URL names port 0 (the port is chosen later).
      expect(urgent!.text).toMatch(/\/cases\/[0-9a-f-]+\/alerts/);

      // No pino line at warn (40) or above, on either stream.
      expect(rapport.output()).not.toMatch(/"level":\s*([4-9]\d)/);
    } finally {
      rapport.child.kill('SIGTERM');
      await rapport.exited;
    }
  }, 120_000);
});
