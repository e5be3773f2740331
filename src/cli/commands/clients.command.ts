import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/app-error.ts';
import type { ClientImportReport } from '../../core/api/client-import.ts';
import { importClientsFromCli } from '../../server/client-import/client-import.service.ts';
import { systemClock } from '../../server/clock.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';
import { terminalProgress } from '../terminal-progress.ts';

export const clientsImportSchema = z.object({
  file: z.string().min(1, 'must name a CSV file'),
  clinic: z.string().min(1, 'must name a clinic (its id or exact name)'),
  dryRun: z.boolean().default(false),
  db: z.string().min(1).optional(),
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The outcome in counts and, per case, its first line and the file's key: never a name. */
export function describeImport(report: ClientImportReport): string[] {
  const verb = report.dryRun ? 'Would create' : 'Created';
  return [
    ...report.caseList.map(
      (c) =>
        `line ${c.line}: case ${c.key} (${c.caseType}, ${plural(c.members.length, 'member')}) ${
          c.outcome === 'present'
            ? 'already present, skipped'
            : report.dryRun
              ? 'would be opened'
              : 'opened'
        }`,
    ),
    `${verb} ${plural(report.clients.new, 'client')} and ${plural(report.cases.new, 'case')} from ${plural(report.rows, 'row')}; ${plural(report.clients.present, 'client')} and ${plural(report.cases.present, 'case')} already present, skipped.${report.dryRun ? ' Nothing was stored (--dry-run).' : ''}`,
  ];
}

export function register(program: Command, io: CliIo): void {
  const clients = program.command('clients').description('Clients and their cases');
  clients
    .command('import')
    .description(
      'Import clients and their cases from a CSV file into a clinic (format: docs/starting-a-practice.md): all rows, or nothing when any row has a problem',
    )
    .requiredOption('--file <file>', 'the CSV file, one row per member of a case')
    .requiredOption('--clinic <clinic>', 'clinic id or exact name')
    .option('--dry-run', 'check the file and report what would be created, storing nothing')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(clientsImportSchema, raw);
      let csv: string;
      try {
        csv = await readFile(options.file, 'utf8');
      } catch {
        throw new AppError('validation', `--file cannot be read: ${options.file}`);
      }
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      const progress = terminalProgress(io.stderr);
      try {
        const report = await importClientsFromCli(
          { db: database.db, clock: systemClock },
          { clinic: options.clinic, csv, dryRun: options.dryRun },
          progress.report,
        );
        progress.clear();
        for (const line of describeImport(report)) writeLine(io.stdout, line);
      } finally {
        progress.clear();
        await database.close();
      }
    });
}
