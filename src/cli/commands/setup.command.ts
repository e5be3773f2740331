import type { Command } from 'commander';
import { z } from 'zod';
import { systemClock } from '../../server/clock.ts';
import { insertDefaultPlan } from '../../server/measurement/default-plan.service.ts';
import { createOrganization } from '../../server/organizations/organization.service.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { isValidTimeZone, parseOptions } from '../parse-options.ts';

export const setupSchema = z.object({
  organization: z.string().trim().min(1).max(200),
  slug: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
      'must be lower-case letters, digits and hyphens',
    )
    .optional(),
  clinic: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London'),
  db: z.string().min(1).optional(),
});

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'practice';

export function register(program: Command, io: CliIo): void {
  program
    .command('setup')
    .description('Create the organization and its first clinic on a new install')
    .requiredOption('--organization <name>', 'the practice or organization')
    .option('--slug <slug>', 'short name used in addresses (default: from the name)')
    .requiredOption('--clinic <name>', 'the first clinic (site)')
    .requiredOption('--time-zone <zone>', 'the clinic’s IANA time zone, e.g. Europe/Madrid')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(setupSchema, raw);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const { organization, clinics } = await createOrganization(
          database.db,
          systemClock,
          {
            name: options.organization,
            slug: options.slug ?? slugify(options.organization),
            clinics: [{ name: options.clinic, timeZone: options.timeZone }],
            setUpClinic: (trx, clinic, now) => insertDefaultPlan(trx, clinic, now, null),
          },
          { type: 'cli', id: null },
        );
        writeLine(
          io.stdout,
          `Created ${organization.name} (${organization.slug}) with clinic ${clinics[0]!.name}.`,
        );
        writeLine(
          io.stdout,
          `Next: rapport user create --email you@example.org --role admin --clinic "${clinics[0]!.name}"`,
        );
      } finally {
        await database.close();
      }
    });
}
