import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Executor } from '../../db/database.ts';
import {
  type RecordingKey,
  encryptingStream,
  openRecordingRange,
  recordingFileKeyId,
} from './recording-cipher.ts';
import { type RecordingStore, recordingFile } from './recording-files.ts';
import { listRecordingKeysForOperator, setRecordingKeyId } from './recording.repository.ts';

export interface RecordingRotation {
  /** Decrypted under the current secret and written again under the new one. */
  reencrypted: number;
  /** Already under the new secret (a run that stopped part-way did them). */
  alreadyNew: number;
  /** Rows whose file is gone, or whose file is under neither secret: left as they are. */
  skipped: number;
}

/**
 * Re-encrypts every recording from the current instance secret's key to the next one's, one
 * file at a time, for `rapport secrets rotate` (the app stopped). Each file is written whole
 * under the new key beside the old one (`incoming/<id>.rotating`), flushed to disk and renamed
 * over it — the rename is the moment the old file goes — and only then its row names the new
 * key. A crash at any point leaves each file whole under one key or the other, and the file's
 * own header says which: a second run finishes the job, so nothing is lost.
 */
export async function rotateRecordings(
  db: Executor,
  store: Pick<RecordingStore, 'dir'>,
  current: RecordingKey,
  next: RecordingKey,
): Promise<RecordingRotation> {
  const done: RecordingRotation = { reencrypted: 0, alreadyNew: 0, skipped: 0 };
  const rows = await listRecordingKeysForOperator(db);
  if (rows.length === 0) return done;
  const incoming = join(store.dir, 'incoming');
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  for (const row of rows) {
    const file = recordingFile(store, row.id);
    const sealedBy = await recordingFileKeyId(file).catch(() => null);
    if (sealedBy === next.keyId) done.alreadyNew++;
    else if (sealedBy === current.keyId) {
      await reencryptFile(file, join(incoming, `${row.id}.rotating`), current, next);
      done.reencrypted++;
    } else {
      done.skipped++;
      continue;
    }
    if (row.keyId !== next.keyId) await setRecordingKeyId(db, row.id, next.keyId);
  }
  return done;
}

async function reencryptFile(file: string, temp: string, from: RecordingKey, to: RecordingKey) {
  try {
    const { chunks } = await openRecordingRange(file, from);
    await pipeline(
      Readable.from(chunks),
      encryptingStream(to),
      createWriteStream(temp, { mode: 0o600 }),
    );
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
