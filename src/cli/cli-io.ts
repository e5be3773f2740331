import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes, so tests can run the CLI in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export const processIo = (): CliIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});

export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}
