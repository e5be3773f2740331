import type { Command } from 'commander';
import { z } from 'zod';
import { systemClock } from '../../server/clock.ts';
import { createStaffUser } from '../../server/staff/staff.service.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';

const roles = ['admin', 'therapist', 'supervisor', 'researcher', 'interpreter'] as const;

export const userCreateSchema = z.object({
  email: z.email('must be an e-mail address'),
  role: z.enum(roles, { message: `must be one of ${roles.join(', ')}` }),
  clinic: z.string().min(1, 'must name a clinic (its id or exact name)'),
  name: z.string().trim().min(1).max(120).optional(),
  db: z.string().min(1).optional(),
});

export function register(program: Command, io: CliIo): void {
  const user = program.command('user').description('Manage staff accounts');
  user
    .command('create')
    .description('Create a staff account with a role at one clinic')
    .requiredOption('--email <address>', 'their e-mail address (also their login)')
    .requiredOption('--role <role>', roles.join(' | '))
    .requiredOption('--clinic <clinic>', 'clinic id or exact name')
    .option('--name <display name>', 'how the app shows them (default: the e-mail address)')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(userCreateSchema, raw);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const { user: created, clinicId } = await createStaffUser(
          database.db,
          systemClock,
          {
            email: options.email,
            displayName: options.name ?? options.email,
            role: options.role,
            clinic: options.clinic,
          },
          { type: 'cli', id: null },
        );
        writeLine(
          io.stdout,
          `Created ${options.role} ${created.email} (id ${created.id}) at clinic ${clinicId}.`,
        );
      } finally {
        await database.close();
      }
    });
}
