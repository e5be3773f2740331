import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, badRequest } from '../../../core/app-error.ts';
import {
  AUDIO_SIGNATURE_BYTES,
  type AudioMediaType,
  detectAudioType,
} from '../../../core/research/audio-signature.ts';
import { type RecordingKey, encryptingStream } from './recording-cipher.ts';

// The recordings' files: `<dir>/<id>.rec`, encrypted (recording-cipher.ts). An upload is
// written to `<dir>/incoming/<id>.part` and renamed into place only once it is whole, so a
// dropped connection, a file that is not audio or one over the limit leaves nothing behind.

export interface RecordingStore {
  /** `<RAPPORT_DATA_DIR>/recordings`. */
  dir: string;
  /** The largest upload accepted, in bytes (RAPPORT_RECORDING_MAX_MB). */
  maxBytes: number;
  key: RecordingKey;
}

export const recordingFile = (store: Pick<RecordingStore, 'dir'>, id: string) =>
  join(store.dir, `${id}.rec`);

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const tooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `The recording is larger than ${megabytes(maxBytes)}, the most this server accepts; nothing was stored.`,
  );

/** Checks the first bytes are audio and counts every byte against the limit, as they pass. */
function audioGate(maxBytes: number, found: { type: AudioMediaType | null; bytes: number }) {
  let head = Buffer.alloc(0);
  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      found.bytes += data.length;
      if (found.bytes > maxBytes) return done(tooLarge(maxBytes));
      if (found.type === null) {
        head = Buffer.concat([head, data]);
        if (head.length < AUDIO_SIGNATURE_BYTES) return done();
        found.type = detectAudioType(head);
        if (found.type === null) return done(notAudio());
        this.push(head);
        return done();
      }
      done(null, data);
    },
    flush(done: TransformCallback) {
      if (found.type !== null) return done();
      if (head.length === 0) return done(badRequest('The file is empty; nothing was stored.'));
      // A file shorter than the signature needs: decide on what there is.
      found.type = detectAudioType(head);
      if (found.type === null) return done(notAudio());
      this.push(head);
      done();
    },
  });
}

const notAudio = () =>
  badRequest(
    'This file is not a recording Rapport accepts (MP3, WAV, Ogg, FLAC, M4A/MP4 or WebM audio, judged by its content, not its name); nothing was stored.',
  );

export const uploadStopped = () =>
  new AppError('bad_request', 'The upload stopped before it finished; nothing was stored.');

/**
 * Streams an upload through the audio check, the size limit and the encryption into a
 * temporary file, then renames it into place. `source` is read as it arrives, never held
 * whole. On any failure the temporary file is removed and the error rethrown.
 */
export async function storeUpload(
  store: RecordingStore,
  source: Readable,
): Promise<{ id: string; mediaType: AudioMediaType; sizeBytes: number }> {
  const incoming = join(store.dir, 'incoming');
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const part = join(incoming, `${id}.part`);
  const found = { type: null as AudioMediaType | null, bytes: 0 };
  const gate = audioGate(store.maxBytes, found);
  // The request is piped in rather than made part of the pipeline: when the gate refuses,
  // the rest of the body is drained (not the socket destroyed), so the client reads the
  // answer. A connection that drops mid-upload ends the gate with an error.
  const onClose = () => {
    if ((source as Readable & { complete?: boolean }).complete === false)
      gate.destroy(uploadStopped());
  };
  source.once('close', onClose);
  source.once('error', () => gate.destroy(uploadStopped()));
  source.pipe(gate);
  const file = createWriteStream(part, { mode: 0o600 });
  try {
    await pipeline(gate, encryptingStream(store.key), file);
    if ((source as Readable & { complete?: boolean }).complete === false) throw uploadStopped();
    const handle = await open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, recordingFile(store, id));
  } catch (error) {
    source.unpipe(gate);
    source.resume();
    // A refusal on the first bytes can come while the file is still being opened: wait for
    // the stream to close, or the open would create the file after it was removed.
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await unlink(part).catch(() => undefined);
    throw error;
  } finally {
    source.off('close', onClose);
  }
  return { id, mediaType: found.type!, sizeBytes: found.bytes };
}

/** Removes recordings' files; a file already gone is fine. */
export async function removeRecordingFiles(
  store: Pick<RecordingStore, 'dir'>,
  ids: readonly string[],
): Promise<void> {
  for (const id of ids)
    await unlink(recordingFile(store, id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
}

/**
 * Removes files no row names any more: those of rows deleted by a withdrawal (whose
 * transaction could not touch files) and uploads abandoned by a crash. Files younger than
 * `graceMs` are left, so an upload renamed into place whose row is not committed yet stays.
 */
export async function sweepRecordingFiles(
  store: Pick<RecordingStore, 'dir'>,
  known: (ids: string[]) => Promise<Set<string>>,
  now: Date,
  graceMs: number,
): Promise<number> {
  let removed = 0;
  const old = async (file: string) => now.getTime() - (await stat(file)).mtimeMs > graceMs;
  const names = await readdir(store.dir).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith('.rec')).map((n) => n.slice(0, -4));
  const kept = await known(ids);
  for (const id of ids)
    if (!kept.has(id) && (await old(recordingFile(store, id)))) {
      await removeRecordingFiles(store, [id]);
      removed++;
    }
  const incoming = join(store.dir, 'incoming');
  for (const name of await readdir(incoming).catch(() => [] as string[]))
    if (await old(join(incoming, name))) {
      await unlink(join(incoming, name)).catch(() => undefined);
      removed++;
    }
  return removed;
}
