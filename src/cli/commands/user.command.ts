import type { Command } from 'commander';
import { z } from 'zod';
import { systemClock } from '../../server/clock.ts';
import { setPasswordByEmail } from '../../server/auth/password.service.ts';
import { resetSecondFactorByEmail } from '../../server/auth/second-factor-reset.service.ts';
import { createStaffUser, grantStaffRole } from '../../server/staff/staff.service.ts';
import { AppError } from '../../core/app-error.ts';
import { STAFF_ROLES } from '../../core/staff/staff-roles.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { openConfiguredDatabase } from '../open-configured-database.ts';
import { parseOptions } from '../parse-options.ts';

export const userCreateSchema = z.object({
  email: z.email('must be an e-mail address'),
  role: z.enum(STAFF_ROLES, { message: `must be one of ${STAFF_ROLES.join(', ')}` }),
  clinic: z.string().min(1, 'must name a clinic (its id or exact name)'),
  name: z.string().trim().min(1).max(120).optional(),
  db: z.string().min(1).optional(),
});

export const userGrantSchema = userCreateSchema.omit({ name: true });

export const setPasswordSchema = z.object({
  email: z.email('must be an e-mail address'),
  db: z.string().min(1).optional(),
});

/** The first line of standard input: the password is never an argument (shell history, ps). */
async function readPasswordLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0)
    throw new AppError('validation', 'give the new password on standard input (one line)');
  return line;
}

export function register(program: Command, io: CliIo): void {
  const user = program.command('user').description('Manage staff accounts');
  user
    .command('create')
    .description('Create a staff account with a role at one clinic')
    .requiredOption('--email <address>', 'their e-mail address (also their login)')
    .requiredOption('--role <role>', STAFF_ROLES.join(' | '))
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

  user
    .command('grant')
    .description(
      'Give an existing account another role at a clinic (e.g. the therapist role to the admin of a one-person practice: admins cannot grant themselves clinical roles in the app)',
    )
    .requiredOption('--email <address>', 'their e-mail address')
    .requiredOption('--role <role>', STAFF_ROLES.join(' | '))
    .requiredOption('--clinic <clinic>', 'clinic id or exact name')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(userGrantSchema, raw);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const {
          user: person,
          clinicId,
          granted,
        } = await grantStaffRole(database.db, systemClock, {
          email: options.email,
          role: options.role,
          clinic: options.clinic,
        });
        writeLine(
          io.stdout,
          granted
            ? `${person.email} is now ${options.role} at clinic ${clinicId}.`
            : `${person.email} already is ${options.role} at clinic ${clinicId}; nothing changed.`,
        );
      } finally {
        await database.close();
      }
    });

  user
    .command('set-password')
    .description(
      "Set a staff account's password, read from standard input (e.g. for the first admin)",
    )
    .requiredOption('--email <address>', "the account's e-mail address")
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(setPasswordSchema, raw);
      const password = await readPasswordLine(io.stdin);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        await setPasswordByEmail(database.db, systemClock, options.email, password);
        writeLine(
          io.stdout,
          `Password set for ${options.email.toLowerCase()}; their sessions ended.`,
        );
      } finally {
        await database.close();
      }
    });

  user
    .command('reset-2fa')
    .description(
      "Reset a staff account's second factor (a lost phone): their sessions end, recovery codes stop working, a mail tells them, and they set up an authenticator app again at their next sign-in",
    )
    .requiredOption('--email <address>', "the account's e-mail address")
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(setPasswordSchema, raw);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        await resetSecondFactorByEmail(database.db, systemClock, options.email);
        writeLine(
          io.stdout,
          `Second factor reset for ${options.email.toLowerCase()}; their sessions ended and they will set up an authenticator app at their next sign-in.`,
        );
      } finally {
        await database.close();
      }
    });
}
