import type { Command } from 'commander';
import { z } from 'zod';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { loadConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';

export function register(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (the server also does this at start)')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(z.object({ db: z.string().min(1).optional() }), raw);
      const config = loadConfig(options.db ? { sqliteFile: options.db } : {});
      const database = openDatabase(config.database);
      try {
        const applied = await migrateToLatest(database.db);
        writeLine(
          io.stdout,
          applied.length === 0
            ? 'The database is up to date.'
            : `Applied ${applied.length} migration(s): ${applied.join(', ')}`,
        );
      } finally {
        await database.close();
      }
    });
}
