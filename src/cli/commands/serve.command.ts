import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

export const serveOptionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
});

export function register(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'Start the server (migrates the database first). Configuration: see docs/configuration.md.',
    )
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(serveOptionsSchema, raw);
      const config = loadConfig({
        ...(options.port !== undefined && { port: options.port }),
        ...(options.host && { host: options.host }),
        ...(options.db && { sqliteFile: options.db }),
      });
      const server = await startServer(config);
      writeLine(io.stdout, `Rapport is listening at ${server.url}`);
    });
}
