import type { Command } from 'commander';
import { z } from 'zod';
import { recomputeAlerts } from '../../server/alerts/recompute-all-alerts.service.ts';
import { systemClock } from '../../server/clock.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';

export const recomputeSchema = z.object({
  case: z.uuid('must be a case id (a UUID)').optional(),
  db: z.string().min(1).optional(),
});

export function register(program: Command, io: CliIo): void {
  const alerts = program.command('alerts').description('Alliance and outcome alerts');
  alerts
    .command('recompute')
    .description(
      'Run the alliance engine again and bring alerts up to date (every case, or one); safe to repeat',
    )
    .option('--case <id>', 'only this case')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(recomputeSchema, raw);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const summary = await recomputeAlerts(
          database.db,
          systemClock,
          options.case ? { caseId: options.case } : {},
        );
        writeLine(
          io.stdout,
          `Recomputed ${summary.cases} case(s): ${summary.inserted} new alert(s), ${summary.updated} updated, ${summary.autoResolved} resolved automatically, ${summary.reopened} reopened.`,
        );
      } finally {
        await database.close();
      }
    });
}
