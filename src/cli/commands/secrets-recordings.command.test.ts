import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createHeldInterview,
  storeTestRecording,
} from '../../../test/helpers/interview.fixture.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { spawnRapport } from '../../../test/helpers/spawn-rapport.ts';
import { createTestParticipant, createTestStudy } from '../../../test/helpers/study.fixture.ts';
import { synthWav } from '../../../test/helpers/wav.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';
import {
  type RecordingKey,
  RecordingCipherError,
  openRecordingRange,
  recordingFileKeyId,
} from '../../server/research/recordings/recording-cipher.ts';
import { recordingFile } from '../../server/research/recordings/recording-files.ts';
import { recordingStore } from '../../server/research/recordings/recording.service.ts';

const OLD_SECRET = 'recordings-old-instance-secret-0123456789-abcdef';
const NEW_SECRET = 'recordings-new-instance-secret-0123456789-abcdef';
const RECORDINGS = 40;

const gather = async (chunks: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
};
const playAll = async (file: string, key: RecordingKey) =>
  gather((await openRecordingRange(file, key)).chunks);

/**
 * `rapport secrets rotate` re-encrypts interview recordings (issue 17, item 7): the real
 * command in its own process is killed part-way through, and nothing is lost — every file is
 * whole under one key or the other — then run again, after which every recording plays under
 * the new secret's key, byte for byte, the old key opens none, and each row names the new key.
 */
describe('rapport secrets rotate and interview recordings', () => {
  it('re-encrypts every recording under the new secret, surviving a kill part-way', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-rotate-'));
    const dbFile = join(dataDir, 'rapport.db');
    writeFileSync(`${dbFile}.key`, `${OLD_SECRET}\n`, { mode: 0o600 });
    const config = { dir: join(dataDir, 'recordings'), maxBytes: 64 * 1024 * 1024 };
    const oldKey = recordingStore(OLD_SECRET, config).key;
    const newKey = recordingStore(NEW_SECRET, config).key;

    const handle = openDatabase({ dialect: 'sqlite', file: dbFile });
    await migrateToLatest(handle.db);
    const p = await createRolePractice(handle.db);
    const study = await createTestStudy(handle.db, p.practice, p.staff.researcher.id);
    const client = await createTestParticipant(handle.db, p.practice, study, {
      role: 'client',
      caseId: p.case1.careCase.id,
      clientId: p.case1.clients[0]!.id,
    });
    const taskId = await createHeldInterview(handle.db, {
      organizationId: study.organizationId,
      studyId: study.id,
      participantId: client.id,
      sessionId: p.case1.sessions[2]!.id,
      dueAt: '2026-11-18T10:50:00.000Z',
      interviewerId: p.staff.researcher.id,
      startsAt: '2026-11-17T09:00:00.000Z',
    });
    // Recordings of different lengths (so each has its own bytes), stored as uploads are.
    const audio = new Map<string, Buffer>();
    for (let i = 0; i < RECORDINGS; i++) {
      const wav = synthWav(30 + i, 8000, 300 + i * 7);
      const id = await storeTestRecording(handle.db, {
        secret: OLD_SECRET,
        recordings: config,
        study,
        taskId,
        uploadedBy: p.staff.researcher.id,
        audio: wav,
      });
      audio.set(id, wav);
    }
    const ids = [...audio.keys()];
    const sealedBy = () =>
      Promise.all(ids.map((id) => recordingFileKeyId(recordingFile(config, id))));
    const env = { RAPPORT_DATA_DIR: dataDir, RAPPORT_SECRET: undefined };
    const rotate = () => {
      const run = spawnRapport(['secrets', 'rotate', '--db', dbFile], env);
      run.child.stdin.end(`${NEW_SECRET}\n`);
      return run;
    };

    // Killed as soon as the first file is under the new key.
    const first = rotate();
    for (let tries = 0; tries < 20_000; tries++) {
      if ((await sealedBy()).includes(newKey.keyId)) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const afterKill = await sealedBy();
    expect(afterKill).toContain(newKey.keyId);
    expect(afterKill, 'the kill came before the last file').toContain(oldKey.keyId);
    // Nothing lost: each file is whole under the key its header names.
    for (const [index, id] of ids.entries()) {
      const key = afterKill[index] === newKey.keyId ? newKey : oldKey;
      expect((await playAll(recordingFile(config, id), key)).equals(audio.get(id)!)).toBe(true);
    }

    const second = rotate();
    expect((await second.exited).code, second.output()).toBe(0);
    expect(second.output()).toMatch(
      /Re-encrypted \d+ interview recording\(s\) under the new instance secret \(\d+ already were\)\./,
    );
    expect(await sealedBy()).toEqual(ids.map(() => newKey.keyId));
    for (const id of ids) {
      const file = recordingFile(config, id);
      expect((await playAll(file, newKey)).equals(audio.get(id)!)).toBe(true);
      await expect(openRecordingRange(file, oldKey)).rejects.toThrow(RecordingCipherError);
      // A range still decrypts only its chunks, under the new key.
      const { chunks } = await openRecordingRange(file, newKey, { start: 100_000, end: 100_099 });
      expect((await gather(chunks)).equals(audio.get(id)!.subarray(100_000, 100_100))).toBe(true);
    }
    const rows = await handle.db.selectFrom('interview_recording').select('key_id').execute();
    expect(rows.map((r) => r.key_id)).toEqual(ids.map(() => newKey.keyId));
    // No half-written file is left beside them.
    const incoming = join(config.dir, 'incoming');
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
    const audit = await handle.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'secrets.rotate')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      recordingsReencrypted: expect.any(Number),
      recordingsSkipped: 0,
    });
    await handle.close();
  }, 120_000);
});
