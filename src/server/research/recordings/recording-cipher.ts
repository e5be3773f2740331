import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * The at-rest format of interview recordings: AES-256-GCM over fixed-size chunks, so a range
 * request decrypts only the chunks it needs and a file of any size streams through a
 * constant amount of memory.
 *
 *     header  "RAPREC01" | key id (8) | file id (16, random) | chunk size (u32 BE) | 0 (4)
 *     chunk i nonce (12, random) | ciphertext (chunk size; the last one 1..chunk size) | tag (16)
 *
 * Each chunk's associated data is the whole header, its index (u64 BE) and whether it is the
 * last: a chunk moved to another place or another file, a dropped last chunk (truncation)
 * or a flipped byte anywhere fails to decrypt. The key comes from the instance secret
 * (`derivePurposeKey(secret, 'recordings')`); the key id says which one sealed a file.
 */
export const RECORDING_CHUNK_BYTES = 64 * 1024;
const MAGIC = Buffer.from('RAPREC01', 'ascii');
const HEADER_BYTES = 40;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const OVERHEAD = NONCE_BYTES + TAG_BYTES;

export class RecordingCipherError extends Error {}

export interface RecordingKey {
  key: Buffer;
  keyId: string;
}

function header(keyId: string, chunkBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(h, 0);
  Buffer.from(keyId, 'base64url').copy(h, 8, 0, 8);
  randomBytes(16).copy(h, 16);
  h.writeUInt32BE(chunkBytes, 32);
  return h;
}

function associatedData(head: Buffer, index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(HEADER_BYTES + 9);
  head.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), HEADER_BYTES);
  aad[HEADER_BYTES + 8] = last ? 1 : 0;
  return aad;
}

function sealChunk(key: Buffer, head: Buffer, index: number, last: boolean, plain: Buffer) {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(head, index, last));
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(key: Buffer, head: Buffer, index: number, last: boolean, sealed: Buffer) {
  if (sealed.length <= OVERHEAD) throw new RecordingCipherError('A recording chunk is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(associatedData(head, index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new RecordingCipherError('The recording does not decrypt: it was altered or damaged');
  }
}

/**
 * A stream that turns plaintext into the format above. It holds back one chunk, so that the
 * chunk it writes last is the one marked last; an empty input writes a header only.
 */
export function encryptingStream(
  { key, keyId }: RecordingKey,
  chunkBytes = RECORDING_CHUNK_BYTES,
): Transform {
  const head = header(keyId, chunkBytes);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let started = false;
  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        this.push(head);
        started = true;
      }
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      while (pending.length > chunkBytes) {
        this.push(sealChunk(key, head, index++, false, pending.subarray(0, chunkBytes)));
        pending = pending.subarray(chunkBytes);
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(head);
      if (pending.length > 0) this.push(sealChunk(key, head, index, true, pending));
      done();
    },
  });
}

/** The key id in a recording file's header (which secret sealed it), or an error. */
export async function recordingFileKeyId(file: string): Promise<string> {
  const head = Buffer.alloc(HEADER_BYTES);
  const handle = await open(file, 'r');
  try {
    const { bytesRead } = await handle.read(head, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || !head.subarray(0, 8).equals(MAGIC))
      throw new RecordingCipherError('Not a Rapport recording file');
  } finally {
    await handle.close();
  }
  return head.subarray(8, 16).toString('base64url');
}

export interface RecordingLayout {
  chunkBytes: number;
  chunks: number;
  /** The size of the audio itself. */
  plainBytes: number;
}

/** How a file of `fileBytes` with this header is laid out, or an error when it cannot be. */
function layout(head: Buffer, fileBytes: number, keyId: string): RecordingLayout {
  if (head.length < HEADER_BYTES || !head.subarray(0, 8).equals(MAGIC))
    throw new RecordingCipherError('Not a Rapport recording file');
  if (head.subarray(8, 16).toString('base64url') !== keyId)
    throw new RecordingCipherError('The recording was encrypted under another key');
  const chunkBytes = head.readUInt32BE(32);
  const body = fileBytes - HEADER_BYTES;
  const chunks = Math.ceil(body / (chunkBytes + OVERHEAD));
  const plainBytes = body - chunks * OVERHEAD;
  if (chunkBytes === 0 || plainBytes < 0 || (chunks > 0 && plainBytes <= (chunks - 1) * chunkBytes))
    throw new RecordingCipherError('The recording file is cut short');
  return { chunkBytes, chunks, plainBytes };
}

/**
 * The plaintext bytes `start`..`end` (inclusive) of an encrypted recording file, decrypting
 * only the chunks they fall in, one at a time. Throws RecordingCipherError before yielding
 * anything when the file is not ours, was sealed under another key, or the range is not in
 * it; a chunk that was altered throws when it is reached.
 */
export async function openRecordingRange(
  file: string,
  { key, keyId }: RecordingKey,
  range?: { start: number; end: number },
): Promise<{ layout: RecordingLayout; chunks: AsyncGenerator<Buffer> }> {
  const head = Buffer.alloc(HEADER_BYTES);
  let shape: RecordingLayout;
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, HEADER_BYTES, 0);
    shape = layout(head, (await handle.stat()).size, keyId);
  } finally {
    await handle.close();
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? shape.plainBytes - 1;
  if (start < 0 || end >= shape.plainBytes || start > end)
    throw new RecordingCipherError('The range is outside the recording');
  const stride = shape.chunkBytes + OVERHEAD;
  async function* chunks(): AsyncGenerator<Buffer> {
    const reader = await open(file, 'r');
    try {
      for (let i = Math.floor(start / shape.chunkBytes); i * shape.chunkBytes <= end; i++) {
        const last = i === shape.chunks - 1;
        const size = last ? shape.plainBytes - i * shape.chunkBytes + OVERHEAD : stride;
        const sealed = Buffer.alloc(size);
        const { bytesRead } = await reader.read(sealed, 0, size, HEADER_BYTES + i * stride);
        const plain = openChunk(key, head, i, last, sealed.subarray(0, bytesRead));
        const from = Math.max(start - i * shape.chunkBytes, 0);
        const to = Math.min(end - i * shape.chunkBytes + 1, plain.length);
        yield plain.subarray(from, to);
      }
    } finally {
      await reader.close();
    }
  }
  return { layout: shape, chunks: chunks() };
}
