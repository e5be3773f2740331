import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/app-error.ts';
import { type CliIo, processIo, writeLine } from './cli-io.ts';

/** Exit codes: 0 done, 1 failed, 2 bad arguments or bad input (nothing was changed). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

type Register = (program: Command, io: CliIo) => void;

type CommandModule = { register: Register };

// Each command lives in its own file and registers itself. Only the named command's file is
// loaded, so `rapport score` does not pay for the web server's start-up; help loads them all.
const commandModules: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./commands/serve.command.ts'),
  migrate: () => import('./commands/migrate.command.ts'),
  demo: () => import('./commands/demo.command.ts'),
  user: () => import('./commands/user.command.ts'),
  setup: () => import('./commands/setup.command.ts'),
  instruments: () => import('./commands/instruments.command.ts'),
  score: () => import('./commands/score.command.ts'),
  alerts: () => import('./commands/alerts.command.ts'),
};

async function loadCommands(name: string | undefined): Promise<Register[]> {
  const only = name !== undefined ? commandModules[name] : undefined;
  const modules = await Promise.all(
    only ? [only()] : Object.values(commandModules).map((load) => load()),
  );
  return modules.map((m) => m.register);
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
  const program = buildProgram(io, await loadCommands(argv[2]));
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
