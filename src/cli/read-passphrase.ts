import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { AppError } from '../core/app-error.ts';
import { type CliIo } from './cli-io.ts';

/** Long enough that scrypt's cost, not the guessing, is what stands between a thief and the data. */
export const MIN_PASSPHRASE_LENGTH = 12;

/**
 * A backup passphrase (or, with `label`, another secret such as a new instance secret) from
 * standard input, never an argument (shell history, ps): the first line when piped; on a
 * terminal, a prompt on stderr without echo (asked twice for a new one).
 */
export async function readPassphrase(
  io: CliIo,
  options: { isNew: boolean; label?: string; minLength?: number },
): Promise<string> {
  const label = options.label ?? 'passphrase';
  const minLength = options.minLength ?? MIN_PASSPHRASE_LENGTH;
  const stdin = io.stdin as NodeJS.ReadStream;
  const passphrase = stdin.isTTY
    ? await promptTwiceIfNew(io, options.isNew, label)
    : await firstLine(io.stdin);
  if (passphrase.length === 0)
    throw new AppError('validation', `give the ${label} on standard input (one line)`);
  if (options.isNew && passphrase.length < minLength)
    throw new AppError('validation', `the ${label} must be at least ${minLength} characters`);
  return passphrase;
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function promptTwiceIfNew(io: CliIo, isNew: boolean, label: string): Promise<string> {
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  const first = await prompt(io, `${name}: `);
  if (!isNew) return first;
  if ((await prompt(io, `${name} again: `)) !== first)
    throw new AppError('validation', `the two ${label}s differ`);
  return first;
}

async function prompt(io: CliIo, question: string): Promise<string> {
  // Readline echoes what it reads to its output; a silent output keeps the passphrase off screen.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: io.stdin, output: silent, terminal: true });
  io.stderr.write(question);
  try {
    return await reader.question('');
  } finally {
    reader.close();
    io.stderr.write('\n');
  }
}
