import type { Command } from 'commander';
import { z } from 'zod';
import type { BackupHeader } from '../../server/backup/backup-file.ts';
import { createBackup, verifyBackup } from '../../server/backup/backup.service.ts';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { readPassphrase } from '../read-passphrase.ts';
import { terminalProgress } from '../terminal-progress.ts';

export const backupSchema = z
  .object({
    out: z.string().min(1).optional(),
    verify: z.string().min(1).optional(),
    encrypt: z.boolean().default(false),
    db: z.string().min(1).optional(),
  })
  .refine((o) => (o.out === undefined) !== (o.verify === undefined), {
    message: 'give either --out FILE (make a backup) or --verify FILE (check one)',
    path: ['out'],
  })
  .refine((o) => !(o.verify && o.encrypt), {
    message: 'is for making a backup; --verify asks for the passphrase when it needs one',
    path: ['encrypt'],
  });

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const describeBackup = (header: BackupHeader) =>
  `made ${header.createdAt} by Rapport ${header.rapportVersion}, ${header.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, schema ${header.schemaVersion}, ${megabytes(header.payloadBytes)}, ${header.encryption ? 'encrypted (AES-256-GCM, scrypt)' : 'not encrypted'}, SHA-256 ${header.payloadSha256}`;

export function register(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description(
      'Write a consistent copy of the database to a file while the app keeps serving, or check one with --verify',
    )
    .option('--out <file>', 'the backup file to write (never over an existing file)')
    .option('--encrypt', 'encrypt it with a passphrase read from standard input')
    .option(
      '--verify <file>',
      'check a backup (header, SHA-256, passphrase, data) without restoring',
    )
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(backupSchema, raw);
      const progress = terminalProgress(io.stderr);
      try {
        if (options.verify !== undefined) {
          const header = await verifyBackup({
            file: options.verify,
            askPassphrase: () => readPassphrase(io, { isNew: false }),
            onProgress: progress.report,
          });
          progress.clear();
          writeLine(io.stdout, `The backup is sound: ${describeBackup(header)}.`);
          return;
        }
        const config = loadConfig(options.db ? { sqliteFile: options.db } : {});
        const passphrase = options.encrypt ? await readPassphrase(io, { isNew: true }) : undefined;
        const header = await createBackup({
          target: config.database,
          out: options.out!,
          passphrase,
          clock: systemClock,
          onProgress: progress.report,
        });
        progress.clear();
        writeLine(io.stdout, `Backup written to ${options.out}: ${describeBackup(header)}.`);
      } finally {
        progress.clear();
      }
    });
}
