import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes, so tests can run the CLI in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

// A reader that goes away (`rapport score … | head -1`) ends the command quietly with status
// 0, as it ends any Unix tool; Node ignores SIGPIPE and would die of the EPIPE error instead.
const quitWhenReaderLeaves = (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
};

export const processIo = (): CliIo => {
  process.stdout.on('error', quitWhenReaderLeaves);
  process.stderr.on('error', quitWhenReaderLeaves);
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
};

export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}

export interface Progress {
  /** Replaces the progress line (at most ten times a second). */
  update(text: string): void;
  /** Clears the line, before the command prints its result. */
  done(): void;
}

const REDRAW_MS = 100;

/**
 * A progress line on standard error when that is a terminal, rewritten in place; nothing at
 * all when it is piped or captured, so logs and scripts see only results.
 */
export function progressLine(stream: Writable): Progress {
  if ((stream as Partial<NodeJS.WriteStream>).isTTY !== true) return { update() {}, done() {} };
  let shown = false;
  let last = 0;
  return {
    update(text) {
      const now = performance.now();
      if (shown && now - last < REDRAW_MS) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
