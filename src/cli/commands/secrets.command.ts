import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/app-error.ts';
import { recordAudit } from '../../server/audit/audit.service.ts';
import { rotateTotpSecrets, totpSecretBox } from '../../server/auth/totp-secret-storage.service.ts';
import { systemClock } from '../../server/clock.ts';
import { resolveInstanceSecret } from '../../server/instance-secret.ts';
import { recordingStore } from '../../server/research/recordings/recording.service.ts';
import { rotateRecordings } from '../../server/research/recordings/rotate-recordings.service.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';
import { readPassphrase } from '../read-passphrase.ts';

/** The same rule as RAPPORT_SECRET in config.ts, so the new secret will be accepted there. */
const MIN_SECRET_LENGTH = 32;

export function register(program: Command, io: CliIo): void {
  const secrets = program
    .command('secrets')
    .description('The instance secret (RAPPORT_SECRET) and the values sealed with it');
  secrets
    .command('rotate')
    .description(
      'Re-seal every stored TOTP secret and re-encrypt every interview recording under a new instance secret, read from standard input (stop the app first); then put the new secret in place',
    )
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(z.object({ db: z.string().min(1).optional() }), raw);
      const next = await readPassphrase(io, {
        isNew: true,
        label: 'new instance secret',
        minLength: MIN_SECRET_LENGTH,
      });
      if (next.trim() !== next || /\s/.test(next))
        throw new AppError('validation', 'the new instance secret must not contain spaces');
      const { config, database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const current = resolveInstanceSecret(config);
        if (next === current)
          throw new AppError('validation', 'the new secret is the same as the current one');
        // Recordings first, file by file (a stopped run is finished by the next one); then
        // the TOTP secrets, in one transaction.
        const recordings = await rotateRecordings(
          database.db,
          config.recordings,
          recordingStore(current, config.recordings).key,
          recordingStore(next, config.recordings).key,
        );
        const { resealed, alreadyNew } = await rotateTotpSecrets(
          database.db,
          totpSecretBox(current),
          totpSecretBox(next),
        );
        await recordAudit(database.db, systemClock, {
          organizationId: null,
          actorType: 'cli',
          actorId: null,
          action: 'secrets.rotate',
          entityType: 'staff_totp',
          entityId: null,
          details: {
            resealed,
            alreadyNew,
            recordingsReencrypted: recordings.reencrypted,
            recordingsAlreadyNew: recordings.alreadyNew,
            recordingsSkipped: recordings.skipped,
          },
        });
        writeLine(
          io.stdout,
          `Re-encrypted ${recordings.reencrypted} interview recording(s) under the new instance secret${recordings.alreadyNew > 0 ? ` (${recordings.alreadyNew} already were)` : ''}.`,
        );
        if (recordings.skipped > 0)
          writeLine(
            io.stderr,
            `${recordings.skipped} recording(s) were left as they are: their file is missing or sealed under neither secret.`,
          );
        writeLine(
          io.stdout,
          `Re-sealed ${resealed} TOTP secret(s) under the new instance secret${alreadyNew > 0 ? ` (${alreadyNew} already were)` : ''}.`,
        );
        writeLine(io.stdout, 'Now put the new secret in place, then start the app:');
        writeLine(
          io.stdout,
          config.secret
            ? '  set RAPPORT_SECRET to the new secret in the environment of every instance (and wherever it is kept, e.g. a systemd unit or secrets store).'
            : `  replace the contents of ${config.database.dialect === 'sqlite' ? `${config.database.file}.key` : 'the key file'} with the new secret (one line, readable by its owner only).`,
        );
        writeLine(
          io.stdout,
          'Until then, nobody with an authenticator app can sign in. The old secret is no longer needed once the app runs with the new one.',
        );
      } finally {
        await database.close();
      }
    });
}
