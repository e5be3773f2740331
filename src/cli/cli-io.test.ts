import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine } from './cli-io.ts';

const captured = (isTTY: boolean) => {
  const stream = Object.assign(new PassThrough(), isTTY ? { isTTY } : {});
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream, text: () => text };
};

describe('progressLine', () => {
  it('draws on a terminal, in place, and clears the line when done', async () => {
    const terminal = captured(true);
    const progress = progressLine(terminal.stream);
    progress.update('Writing: 1 of 3');
    progress.update('Writing: 2 of 3'); // within 100 ms of the first: skipped
    await new Promise((resolve) => setTimeout(resolve, 120));
    progress.update('Writing: 3 of 3');
    progress.done();
    expect(terminal.text()).toBe('\r\x1b[2KWriting: 1 of 3\r\x1b[2KWriting: 3 of 3\r\x1b[2K');
  });

  it('writes nothing when standard error is piped', () => {
    const pipe = captured(false);
    const progress = progressLine(pipe.stream);
    progress.update('Writing: 1 of 3');
    progress.done();
    expect(pipe.text()).toBe('');
  });
});
