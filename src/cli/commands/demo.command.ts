import type { Command } from 'commander';
import { z } from 'zod';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';
import { DEMO_PASSWORD } from '../../server/demo/demo-password.ts';
import { generateDemoPractice } from '../../server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../../server/demo/seed-demo-practice.ts';
import { startServer } from '../../server/main.ts';
import { startDemoMailbox } from '../../server/demo/demo-mailbox.ts';
import { resolveInstanceSecret } from '../../server/instance-secret.ts';
import { questionnaireToken } from '../../server/measurement/questionnaire-link.ts';
import {
  consentInvitationToken,
  consentPagePath,
} from '../../server/research/consent/consent-token.ts';
import { type CliIo, progressLine, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

export const demoOptionsSchema = z.object({
  clients: z.coerce.number().int().min(1).max(1_000_000).default(60),
  db: z.string().min(1).default('./data/demo.db'),
  seed: z.string().min(1).max(100).default('harmonybridge'),
  anchor: z.iso.date('must be a date such as 2026-11-23').optional(),
  serve: z.boolean().default(true),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
});

const WORKER_FROM_CLIENTS = 1000;
// The worker also starts up and steps over this thread's cases; this thread copies the
// worker's rows in: half each finishes at about the same time (bench/README.md).
const WORKER_SHARE = 0.5;

/** Today at 00:00 UTC: the demo's history ends there, so a day's runs give the same data. */
const startOfTodayUtc = () => new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);

export function register(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Create (or reuse) a synthetic demo practice on SQLite and serve it')
    .option('--clients <n>', 'how many synthetic clients (default 60; 100000 for benchmarks)')
    .option('--db <file>', 'SQLite file to create or reuse (default ./data/demo.db)')
    .option('--seed <text>', 'generator seed: the same seed gives the same practice')
    .option('--anchor <date>', 'the practice’s "today" (default: today, UTC)')
    .option('--no-serve', 'only create the database, do not start the server')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(async (raw: unknown) => {
      const options = parseOptions(demoOptionsSchema, raw);
      // The demo always runs on its own SQLite file, whatever DATABASE_URL says, and signs in
      // with a password only (the app shows a warning banner for it).
      const config = loadConfig({
        sqliteFile: options.db,
        authMode: 'password-only',
        ...(options.port !== undefined && { port: options.port }),
        ...(options.host && { host: options.host }),
      });
      const database = openDatabase(config.database);
      const started = performance.now();
      const progress = progressLine(io.stderr);
      const clients = options.clients.toLocaleString('en');
      let seeded;
      try {
        progress.update(`Preparing the demo practice (${clients} clients)…`);
        await migrateToLatest(database.db);
        const anchor = options.anchor ? new Date(`${options.anchor}T00:00:00Z`) : startOfTodayUtc();
        const practice = generateDemoPractice({
          clients: options.clients,
          seed: options.seed,
          anchor,
        });
        seeded = await seedDemoPractice(database.db, systemClock, practice, {
          secret: resolveInstanceSecret(config),
          seed: options.seed,
          anchor,
          // A big practice uses the second core: a worker thread generates and binds a share
          // of the rows (bench/README.md, "Demo seed with answers"); for a small one starting
          // the thread costs more than it saves.
          ...(options.clients >= WORKER_FROM_CLIENTS && {
            worker: { share: WORKER_SHARE, scratchFile: `${options.db}.seed.tmp` },
          }),
          onProgress: (written) =>
            progress.update(
              `Writing the demo practice: ${written.toLocaleString('en')} of ${clients} clients…`,
            ),
        });
        progress.done();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        writeLine(
          io.stdout,
          seeded.reused
            ? `Reusing the demo practice in ${options.db} (delete the file to start afresh).`
            : `Created ${seeded.organization.name} in ${options.db}: ${seeded.clients} clients, ${seeded.cases} cases, ${seeded.sessions} sessions, ${seeded.responses} answered forms in ${seconds} s.`,
        );
        // A new practice opens with its alerts already found (a reused one keeps its own): the
        // seed runs the engine on each case's rows as it writes them, which gives what
        // `rapport alerts recompute` would (tested) without reading 11,000 cases back.
        if (!seeded.reused)
          writeLine(io.stdout, `Found ${seeded.alerts} alert(s) in ${seeded.cases} case(s).`);
      } catch (error) {
        progress.done();
        await database.close();
        throw error;
      }
      if (!options.serve) {
        await database.close();
        return;
      }
      // The demo's mail goes to a catcher on this machine, never out: its admin reads it at
      // /api/demo/mailbox, and no mail job fails for want of a server.
      const mailbox = await startDemoMailbox(systemClock);
      const server = await startServer(
        { ...config, mail: { ...config.mail, smtpUrl: mailbox.url } },
        { database, demoMailbox: mailbox },
      );
      const logins = [
        'admin',
        'therapist1',
        'therapist8',
        'supervisor',
        'researcher',
        'interpreter.spanish',
      ].map((login) => `  ${login}@harmonybridge.example`);
      // One write, so a reader that sees the address also sees the logins.
      writeLine(
        io.stdout,
        [
          '',
          `Rapport demo: ${server.url}`,
          `Demo logins (synthetic people; every one has the password ${DEMO_PASSWORD}):`,
          ...logins,
          'Sign-in is password-only in the demo (the app shows a warning); real installs require a second factor.',
          ...(seeded.openRequests.length > 0
            ? [
                "Try the client's side: open questionnaire links (each works until answered):",
                ...seeded.openRequests
                  .slice(0, 3)
                  .map(
                    (r) =>
                      `  ${server.url}/q/${questionnaireToken(resolveInstanceSecret(config), r.requestId)}`,
                  ),
              ]
            : []),
          ...(seeded.openConsentInvitationId
            ? [
                'Try the research side: sign in as researcher@harmonybridge.example for the study "Alliance formation in the first five sessions"; an open consent link:',
                `  ${server.url}${consentPagePath(consentInvitationToken(resolveInstanceSecret(config), seeded.openConsentInvitationId))}`,
              ]
            : []),
          `Mails are caught, not sent: sign in as admin and open ${server.url}/api/demo/mailbox`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      );
    });
}
