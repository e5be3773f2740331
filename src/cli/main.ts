import { Command, CommanderError, Help } from 'commander';
import { isAppError } from '../core/app-error.ts';
import { type CliIo, processIo, writeLine } from './cli-io.ts';

/** Exit codes: 0 done, 1 failed, 2 bad arguments or bad input (nothing was changed). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

type Register = (program: Command, io: CliIo) => void;

type CommandModule = { register: Register };

interface CommandEntry {
  /** How the top-level help lists it, without loading the command's file. */
  term: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

// Each command lives in its own file (src/cli/commands/<name>.command.ts) and registers
// itself; to add one, write that file and list it here. Only the named command's file is
// loaded, so `rapport score` does not pay for the web server's start-up, and `rapport --help`
// loads none: it lists these entries (cli.test.ts checks they match the files).
export const commandEntries: Record<string, CommandEntry> = {
  serve: {
    term: 'serve [options]',
    summary:
      'Start the server (migrates the database first). Configuration: see docs/configuration.md.',
    load: () => import('./commands/serve.command.ts'),
  },
  migrate: {
    term: 'migrate [options]',
    summary: 'Bring the database schema up to date (the server also does this at start)',
    load: () => import('./commands/migrate.command.ts'),
  },
  demo: {
    term: 'demo [options]',
    summary: 'Create (or reuse) a synthetic demo practice on SQLite and serve it',
    load: () => import('./commands/demo.command.ts'),
  },
  user: {
    term: 'user',
    summary: 'Manage staff accounts',
    load: () => import('./commands/user.command.ts'),
  },
  setup: {
    term: 'setup [options]',
    summary: 'Create the organization and its first clinic on a new install',
    load: () => import('./commands/setup.command.ts'),
  },
  clients: {
    term: 'clients',
    summary: 'Import clients and their cases from CSV',
    load: () => import('./commands/clients.command.ts'),
  },
  instruments: {
    term: 'instruments',
    summary: 'List, show (also as FHIR) and import questionnaires',
    load: () => import('./commands/instruments.command.ts'),
  },
  score: {
    term: 'score [options] <instrumentId>',
    summary: 'Score JSON Lines answers from stdin or --file; one JSON line out per line in',
    load: () => import('./commands/score.command.ts'),
  },
  stats: {
    term: 'stats',
    summary:
      'Reliability, correlations, ICC, agreement, reliable change and mixed models of a CSV file, as R computes them',
    load: () => import('./commands/stats.command.ts'),
  },
  export: {
    term: 'export',
    summary:
      "A study's de-identified export as a ZIP (CSV long and wide, codebook, FHIR, manifest)",
    load: () => import('./commands/export.command.ts'),
  },
  alerts: {
    term: 'alerts',
    summary: 'Alliance and outcome alerts',
    load: () => import('./commands/alerts.command.ts'),
  },
  backup: {
    term: 'backup [options]',
    summary:
      'Write a consistent copy of the database to a file while the app keeps serving, or check one with --verify',
    load: () => import('./commands/backup.command.ts'),
  },
  secrets: {
    term: 'secrets',
    summary: 'The instance secret (RAPPORT_SECRET) and the values sealed with it',
    load: () => import('./commands/secrets.command.ts'),
  },
  restore: {
    term: 'restore [options]',
    summary:
      'Restore a backup into the database (stop the app first); checks it through before touching anything',
    load: () => import('./commands/restore.command.ts'),
  },
};

/** The chosen command's registration, or (for help or a mistyped name) a listing of all. */
async function loadCommands(argv: string[]): Promise<Register[]> {
  const name = argv[2] === 'help' ? argv[3] : argv[2];
  const entry =
    name !== undefined && Object.hasOwn(commandEntries, name) ? commandEntries[name] : undefined;
  if (entry) return [(await entry.load()).register];
  return [
    (program) => {
      program.configureHelp({
        subcommandTerm: (command) =>
          commandEntries[command.name()]?.term ?? new Help().subcommandTerm(command),
      });
      for (const [name, { summary }] of Object.entries(commandEntries))
        program.command(name).description(summary);
    },
  ];
}

export function buildProgram(io: CliIo, registers: Register[]): Command {
  const program = new Command('rapport')
    .description('Rapport: alliance-informed psychotherapy, measured.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of registers) register(program, io);
  // Every subcommand inherits the same error handling and output streams.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
      });
    }
  }
  return program;
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io, await loadCommands(argv));
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they are a normal exit for a person.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT_OK;
      }
      if (error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isAppError(error)) {
      writeLine(io.stderr, `rapport: ${error.message}`);
      for (const issue of error.issues) writeLine(io.stderr, `  ${issue.path}: ${issue.message}`);
      return error.code === 'internal' || error.code === 'unavailable' ? EXIT_FAILED : EXIT_USAGE;
    }
    writeLine(io.stderr, `rapport: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}
