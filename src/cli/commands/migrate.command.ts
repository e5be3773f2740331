import type { Command } from 'commander';
import { z } from 'zod';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { loadConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';
import {
  encryptPlainTotpSecrets,
  totpSecretBox,
} from '../../server/auth/totp-secret-storage.service.ts';
import { resolveInstanceSecret } from '../../server/instance-secret.ts';

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
        // Migrations never see the instance secret; sealing plain TOTP secrets needs it.
        const { sealed, foreign } = await encryptPlainTotpSecrets(
          database.db,
          totpSecretBox(resolveInstanceSecret(config)),
        );
        if (sealed > 0) writeLine(io.stdout, `Sealed ${sealed} plain TOTP secret(s).`);
        if (foreign > 0)
          writeLine(
            io.stderr,
            `Warning: ${foreign} TOTP secret(s) are sealed under another instance secret; those people cannot sign in (was the secret changed without \`rapport secrets rotate\`?).`,
          );
      } finally {
        await database.close();
      }
    });
}
