import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivePurposeKey } from '../../secrets/secret-box.ts';
import { RecordingCipherError, encryptingStream, openRecordingRange } from './recording-cipher.ts';

const key = derivePurposeKey('cipher-test-secret-0123456789-0123456789', 'recordings');
const otherKey = derivePurposeKey('another-secret-0123456789-0123456789-xyz', 'recordings');
const dir = mkdtempSync(join(tmpdir(), 'rapport-cipher-'));

/** Encrypts `plain` in pieces of `piece` bytes (as a network stream delivers it). */
async function sealed(plain: Buffer, chunkBytes: number, piece = 1000): Promise<string> {
  const file = join(dir, `${randomBytes(6).toString('hex')}.rec`);
  const pieces = Array.from({ length: Math.ceil(plain.length / piece) }, (_, i) =>
    plain.subarray(i * piece, (i + 1) * piece),
  );
  await pipeline(Readable.from(pieces), encryptingStream(key, chunkBytes), createWriteStream(file));
  return file;
}

async function read(file: string, k = key, range?: { start: number; end: number }) {
  const { layout, chunks } = await openRecordingRange(file, k, range);
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return { layout, bytes: Buffer.concat(parts) };
}

describe('the recording file format', () => {
  // A recognisable plaintext: a WAV header and a repeated phrase, so a leak would show.
  const plain = Buffer.concat([
    Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt '),
    Buffer.from('synthetic interview audio '.repeat(400)),
  ]);

  it('round-trips whole and in any range, chunk edges included, and never holds the plaintext on disk', async () => {
    for (const chunkBytes of [64, 1000, 4096, plain.length, plain.length + 1]) {
      const file = await sealed(plain, chunkBytes, 333);
      const onDisk = readFileSync(file);
      expect(onDisk.includes(Buffer.from('synthetic interview audio'))).toBe(false);
      expect(onDisk.includes(Buffer.from('WAVEfmt'))).toBe(false);
      const whole = await read(file);
      expect(whole.layout.plainBytes).toBe(plain.length);
      expect(whole.bytes.equals(plain)).toBe(true);
      for (const [start, end] of [
        [0, 0],
        [0, chunkBytes - 1],
        [chunkBytes - 1, chunkBytes],
        [chunkBytes, Math.min(3 * chunkBytes + 7, plain.length - 1)],
        [plain.length - 5, plain.length - 1],
        [17, plain.length - 1],
      ] as const) {
        if (start > end || end >= plain.length) continue;
        const part = await read(file, key, { start, end });
        expect(
          part.bytes.equals(plain.subarray(start, end + 1)),
          `${chunkBytes}: ${start}-${end}`,
        ).toBe(true);
      }
    }
  });

  it('refuses a flipped byte, swapped chunks, a dropped last chunk, another key and a range outside', async () => {
    const chunkBytes = 1000;
    const file = await sealed(plain, chunkBytes);
    const original = readFileSync(file);
    const stride = chunkBytes + 28;

    const flipped = Buffer.from(original);
    flipped[40 + stride + 100]! ^= 0x01;
    writeFileSync(file, flipped);
    await expect(read(file)).rejects.toThrow(RecordingCipherError);
    // Only the damaged chunk fails: a range before it still reads.
    expect(
      (await read(file, key, { start: 0, end: 99 })).bytes.equals(plain.subarray(0, 100)),
    ).toBe(true);

    const swapped = Buffer.concat([
      original.subarray(0, 40),
      original.subarray(40 + stride, 40 + 2 * stride),
      original.subarray(40, 40 + stride),
      original.subarray(40 + 2 * stride),
    ]);
    writeFileSync(file, swapped);
    await expect(read(file, key, { start: 0, end: 10 })).rejects.toThrow(RecordingCipherError);

    // Cut after a whole chunk: the new last chunk was not sealed as the last one.
    writeFileSync(file, original.subarray(0, 40 + 2 * stride));
    await expect(read(file)).rejects.toThrow(RecordingCipherError);

    writeFileSync(file, original);
    await expect(read(file, otherKey)).rejects.toThrow('another key');
    await expect(read(file, key, { start: plain.length, end: plain.length })).rejects.toThrow(
      'outside',
    );
    expect((await read(file)).bytes.equals(plain)).toBe(true);
  });
});
