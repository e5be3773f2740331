import type { Command } from 'commander';
import { z } from 'zod';
import { restoreBackup } from '../../server/backup/backup.service.ts';
import { loadConfig } from '../../server/config.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { readPassphrase } from '../read-passphrase.ts';
import { terminalProgress } from '../terminal-progress.ts';
import { describeBackup } from './backup.command.ts';

export const restoreSchema = z.object({
  from: z.string().min(1, 'must name a backup file'),
  force: z.boolean().default(false),
  db: z.string().min(1).optional(),
});

export function register(program: Command, io: CliIo): void {
  program
    .command('restore')
    .description(
      'Restore a backup into the database (stop the app first); checks it through before touching anything',
    )
    .requiredOption('--from <file>', 'the backup file')
    .option('--force', 'replace a database that already holds data')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(restoreSchema, raw);
      const config = loadConfig(options.db ? { sqliteFile: options.db } : {});
      const progress = terminalProgress(io.stderr);
      try {
        const { header, migrated } = await restoreBackup({
          from: options.from,
          target: config.database,
          force: options.force,
          askPassphrase: () => readPassphrase(io, { isNew: false }),
          onProgress: progress.report,
        });
        progress.clear();
        writeLine(io.stdout, `Restored ${options.from}: ${describeBackup(header)}.`);
        if (migrated.length > 0)
          writeLine(
            io.stdout,
            `Brought forward from the backup's schema: ${migrated.length} migration(s) applied (${migrated.join(', ')}).`,
          );
      } finally {
        progress.clear();
      }
    });
}
