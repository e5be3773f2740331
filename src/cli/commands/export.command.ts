import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/app-error.ts';
import { systemClock } from '../../server/clock.ts';
import { resolveInstanceSecret } from '../../server/instance-secret.ts';
import { exportStudyToStream } from '../../server/research/export/study-export.service.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';

export const exportStudySchema = z.object({
  studyId: z.uuid('must be a study id'),
  out: z.string().min(1, 'must name the ZIP file to write'),
  items: z.boolean().default(true),
  db: z.string().min(1).optional(),
});

export function register(program: Command, io: CliIo): void {
  const exportCommand = program.command('export').description('De-identified exports');
  exportCommand
    .command('study')
    .description(
      'Write a study\'s de-identified export (docs/research.md, "Export") as a ZIP: long and wide CSV, codebook, FHIR Bundle and manifest',
    )
    .argument('<studyId>', 'the study id')
    .requiredOption('--out <file>', 'the ZIP file to write (written whole, or not at all)')
    .option('--no-items', 'scale scores only, without the item answers')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (studyId: string, raw: Record<string, unknown>) => {
      const options = parseOptions(exportStudySchema, { ...raw, studyId });
      const { config, database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      // Written beside the target and renamed at the end, so a failed export leaves no
      // half-written ZIP under the name asked for.
      const partial = `${options.out}.partial`;
      try {
        const secret = resolveInstanceSecret(config);
        const file = createWriteStream(partial, { mode: 0o600 });
        const opened = new Promise<void>((resolve, reject) => {
          file.once('open', () => resolve());
          file.once('error', () =>
            reject(new AppError('validation', `--out cannot be written: ${options.out}`)),
          );
        });
        await opened;
        const manifest = await exportStudyToStream(
          database.db,
          systemClock,
          secret,
          options.studyId,
          { items: options.items },
          file,
        );
        await rename(partial, options.out);
        writeLine(
          io.stdout,
          `Wrote ${options.out}: ${manifest.files
            .map((f) => (f.rows === null ? f.name : `${f.name} (${f.rows} rows)`))
            .join(', ')}, manifest.json.`,
        );
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      } finally {
        await database.close();
      }
    });
}
