import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { badRequest } from '../../core/app-error.ts';
import {
  bundledInstruments,
  findBundledInstrument,
} from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { scoreJsonLine } from '../../core/scoring/score-json-line.ts';
import type { CliIo } from '../cli-io.ts';

// Output is written in batches: one write per line would dominate the run time of a
// 100,000-line file (bench/score-cli.bench.ts).
const BATCH_LINES = 1000;

export function register(program: Command, io: CliIo): void {
  program
    .command('score')
    .description(
      'Score JSON Lines answers ({"ref": …, "answers": {"1": 2, …}}) from stdin or --file; one JSON line out per line in',
    )
    .argument('<instrumentId>', `one of: ${bundledInstruments.map((d) => d.id).join(', ')}`)
    .option('--file <path>', 'read this file instead of standard input')
    .action(async (instrumentId: string, options: { file?: string }) => {
      const definition = findBundledInstrument(instrumentId);
      if (definition === undefined) {
        throw badRequest(`unknown instrument "${instrumentId}"`, [
          {
            path: 'instrumentId',
            message: `must be one of ${bundledInstruments.map((d) => d.id).join(', ')}`,
          },
        ]);
      }
      let input: Readable = io.stdin;
      if (options.file !== undefined) {
        try {
          await access(options.file);
        } catch {
          throw badRequest(`cannot read ${options.file}`, [
            { path: '--file', message: 'no such file, or not readable' },
          ]);
        }
        input = createReadStream(options.file, { encoding: 'utf8' });
      }
      await scoreJsonLines(definition, input, io.stdout);
    });
}

/** Reads JSON Lines, writes one score record per non-blank line, in order. */
export async function scoreJsonLines(
  definition: InstrumentDefinition,
  input: Readable,
  output: Writable,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let written = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const chunk = `${batch.join('\n')}\n`;
    batch = [];
    if (!output.write(chunk)) {
      await new Promise<void>((resolve) => output.once('drain', resolve));
    }
  };
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    batch.push(JSON.stringify(scoreJsonLine(definition, line, lineNumber)));
    written += 1;
    if (batch.length >= BATCH_LINES) await flush();
  }
  await flush();
  return written;
}
