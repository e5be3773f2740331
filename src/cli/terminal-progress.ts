import type { Writable } from 'node:stream';
import type { BackupProgress } from '../server/backup/backup-file.ts';

/**
 * Progress of a long command on one rewritten line of stderr, only when stderr is a terminal:
 * piped or logged output gets none.
 */
export function terminalProgress(stream: Writable): {
  report: BackupProgress | undefined;
  clear: () => void;
} {
  if (!(stream as NodeJS.WriteStream).isTTY) return { report: undefined, clear: () => {} };
  let shown = '';
  let lastAt = 0;
  return {
    report: ({ step, done, total }) => {
      const percent =
        done !== undefined && total ? ` ${Math.min(100, Math.floor((done / total) * 100))}%` : '';
      const line = `${step}…${percent}`;
      const now = Date.now();
      // A new step always shows; percentages at most ten times a second.
      if (
        line === shown ||
        (line.startsWith(`${step}…`) &&
          shown.startsWith(`${step}…`) &&
          now - lastAt < 100 &&
          done !== total)
      )
        return;
      shown = line;
      lastAt = now;
      stream.write(`\r\x1b[2K${line}`);
    },
    clear: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = '';
    },
  };
}
