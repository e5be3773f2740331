import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { createStaffWithPassword } from '../../../../test/helpers/auth-client.ts';
import {
  createHeldInterview,
  createTestInterviewTask,
} from '../../../../test/helpers/interview.fixture.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import { runJobsUntilIdle } from '../../../../test/helpers/run-jobs.ts';
import { createTestParticipant, createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { useTestApp } from '../../../../test/helpers/test-app.ts';
import { testDialects } from '../../../../test/helpers/test-databases.ts';
import { synthWav } from '../../../../test/helpers/wav.ts';
import type { Database, Dialect } from '../../db/database.ts';
import { recordingJobHandlers } from './recording-retention.job.ts';
import { recordingStore } from './recording.service.ts';
import { TEST_INSTANCE_SECRET } from '../../../../test/helpers/auth-client.ts';

const LIMIT = 256 * 1024;
// A PNG's signature and the start of its header chunk, saved under an audio name.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.alloc(2000, 7),
]);

async function recordingPractice(
  db: Database,
  options: { withdrawalPolicy?: 'keep' | 'delete'; retentionDays?: number } = {},
) {
  const p = await createRolePractice(db);
  const study = await createTestStudy(db, p.practice, p.staff.researcher.id, {
    withdrawalPolicy: options.withdrawalPolicy ?? 'keep',
    ...(options.retentionDays && { recordingRetentionDays: options.retentionDays }),
  });
  const client = await createTestParticipant(db, p.practice, study, {
    role: 'client',
    caseId: p.case1.careCase.id,
    clientId: p.case1.clients[0]!.id,
  });
  const base = {
    organizationId: study.organizationId,
    studyId: study.id,
    participantId: client.id,
    dueAt: '2026-11-18T10:50:00.000Z',
  };
  const heldTask = await createHeldInterview(db, {
    ...base,
    sessionId: p.case1.sessions[2]!.id,
    interviewerId: p.staff.researcher.id,
    startsAt: '2026-11-17T09:00:00.000Z',
  });
  const openTask = await createTestInterviewTask(db, {
    ...base,
    sessionId: p.case1.sessions[1]!.id,
  });
  // A researcher not on this study's team.
  const outsider = await createStaffWithPassword(db, p.practice, 'researcher');
  return { ...p, study, client, heldTask, openTask, outsider };
}

describe.each(testDialects)('interview recordings on %s', (dialect: Dialect) => {
  let now = Date.parse('2026-11-20T12:00:00Z');
  const clock = () => new Date(now);
  const t = useTestApp(dialect, clock, { recordingMaxBytes: LIMIT });
  const recordingsOf = (taskId: string) =>
    t.db.selectFrom('interview_recording').selectAll().where('task_id', '=', taskId).execute();
  const filesOnDisk = () => {
    const incoming = join(t.recordingsDir, 'incoming');
    return [
      ...readdirSync(t.recordingsDir).filter((f) => f !== 'incoming'),
      ...(existsSync(incoming) ? readdirSync(incoming) : []),
    ];
  };
  const upload = (client: Awaited<ReturnType<typeof t.signedIn>>, url: string, body: Buffer) =>
    client.call('POST', url, undefined, {
      raw: { body, contentType: 'application/octet-stream' },
    });
  const runJobs = () =>
    runJobsUntilIdle({
      db: t.db,
      dialect,
      clock,
      handlers: recordingJobHandlers({
        db: t.db,
        clock,
        store: recordingStore(TEST_INSTANCE_SECRET, { dir: t.recordingsDir, maxBytes: LIMIT }),
        logger: { info: () => {} },
      }),
    });

  it('stores an upload encrypted, plays it back in ranges and as a download, and audits each', async () => {
    now = Date.parse('2026-11-20T12:00:00Z');
    const p = await recordingPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const wav = synthWav(2);
    const url = `/api/research/studies/${p.study.id}/interviews/tasks/${p.heldTask}/recordings`;
    const before = filesOnDisk().length;

    const stored = await upload(researcher, url, wav);
    expect(stored.statusCode).toBe(201);
    const recording = stored.json();
    expect(recording).toMatchObject({
      mediaType: 'audio/wav',
      sizeBytes: wav.length,
      uploadedBy: p.staff.researcher.id,
    });
    expect(filesOnDisk()).toHaveLength(before + 1);
    // On disk: not the audio.
    const onDisk = readFileSync(join(t.recordingsDir, `${recording.id}.rec`));
    expect(onDisk.includes(wav.subarray(44, 1044))).toBe(false);
    expect(onDisk.includes(Buffer.from('WAVEfmt'))).toBe(false);

    const audio = `${url}/${recording.id}/audio`;
    const whole = await researcher.call('GET', audio);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(wav)).toBe(true);

    const part = await researcher.call('GET', audio, undefined, {
      headers: { range: 'bytes=20000-20099' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 20000-20099/${wav.length}`);
    expect(part.headers['content-length']).toBe('100');
    expect(part.rawPayload.equals(wav.subarray(20_000, 20_100))).toBe(true);
    const outside = await researcher.call('GET', audio, undefined, {
      headers: { range: `bytes=${wav.length}-` },
    });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${wav.length}`);

    const saved = await researcher.call('GET', `${audio}?download=1`);
    expect(saved.statusCode).toBe(200);
    expect(saved.headers['content-disposition']).toMatch(
      /^attachment; filename="interview-recording-[0-9a-f]{8}\.wav"$/,
    );
    expect(saved.rawPayload.equals(wav)).toBe(true);

    const audits = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', recording.id)
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'interview-recording.upload',
      'interview-recording.play',
      'interview-recording.play',
      'interview-recording.download',
    ]);
    expect(JSON.parse(audits[2]!.details!)).toMatchObject({ from: 20000, to: 20099 });
  });

  it('refuses an upload over the limit, one that is not audio, and one for an interview not held, storing nothing', async () => {
    const p = await recordingPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const url = (task: string) =>
      `/api/research/studies/${p.study.id}/interviews/tasks/${task}/recordings`;
    const before = filesOnDisk();

    const big = await upload(researcher, url(p.heldTask), synthWav(20));
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toBe(
      'The recording is larger than 0 MB, the most this server accepts; nothing was stored.'.replace(
        '0 MB',
        `${Math.round(LIMIT / 1048576)} MB`,
      ),
    );
    const png = await upload(researcher, url(p.heldTask), PNG);
    expect(png.statusCode).toBe(400);
    expect(png.json().detail).toContain('not a recording Rapport accepts');
    const empty = await upload(researcher, url(p.heldTask), Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const json = await researcher.call('POST', url(p.heldTask), { audio: 'base64…' });
    expect(json.statusCode).toBe(400);
    expect(json.json().detail).toContain('the audio file itself');
    const notHeld = await upload(researcher, url(p.openTask), synthWav(1));
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().detail).toBe(
      'This interview was not held (it is open): upload its recording once it is recorded completed or partial.',
    );

    expect(await recordingsOf(p.heldTask)).toEqual([]);
    expect(await recordingsOf(p.openTask)).toEqual([]);
    expect(filesOnDisk()).toEqual(before);
  });

  it('a connection dropped mid-upload leaves no file and no row', async () => {
    const p = await recordingPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const before = filesOnDisk();
    const wav = synthWav(10);
    const sent = await new Promise<void>((resolve) => {
      const req = httpRequest(
        `${address}/api/research/studies/${p.study.id}/interviews/tasks/${p.heldTask}/recordings`,
        {
          method: 'POST',
          headers: {
            cookie: `${SESSION_COOKIE}=${researcher.state.cookie}`,
            'x-csrf-token': researcher.state.csrf!,
            'content-type': 'application/octet-stream',
            'content-length': String(wav.length),
          },
        },
      );
      req.on('error', () => resolve());
      req.write(wav.subarray(0, 60_000));
      // Long enough for the server to start writing, then the connection drops.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 500);
    });
    expect(sent).toBeUndefined();
    // The server notices the drop and removes its temporary file.
    for (let i = 0; i < 50 && filesOnDisk().length !== before.length; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(filesOnDisk()).toEqual(before);
    expect(await recordingsOf(p.heldTask)).toEqual([]);
    const aborted = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'interview-recording.upload')
      .where('actor_id', '=', p.staff.researcher.id)
      .execute();
    expect(aborted).toEqual([]);
  });

  it('is the study team’s only: a therapist, an admin and a researcher off the team get 404', async () => {
    const p = await recordingPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const url = `/api/research/studies/${p.study.id}/interviews/tasks/${p.heldTask}/recordings`;
    const { id } = (await upload(researcher, url, synthWav(1))).json();
    for (const email of [p.staff.therapist1.email, p.staff.admin.email, p.outsider.email]) {
      const other = await t.signedIn(email);
      expect((await upload(other, url, synthWav(1))).statusCode).toBe(404);
      expect((await other.call('GET', `${url}/${id}/audio`)).statusCode).toBe(404);
    }
    expect(await recordingsOf(p.heldTask)).toHaveLength(1);
    const anonymous = await t.app.inject({ method: 'GET', url: `${url}/${id}/audio` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('deletes a withdrawn participant’s interview records — recordings (file and row), tasks, bookings, history, notes, reviews — when the study says delete; keeps them when it says keep', async () => {
    for (const policy of ['delete', 'keep'] as const) {
      const p = await recordingPractice(t.db, { withdrawalPolicy: policy });
      const researcher = await t.signedIn(p.staff.researcher.email);
      const task = `/api/research/studies/${p.study.id}/interviews/tasks/${p.heldTask}`;
      const { id } = (await upload(researcher, `${task}/recordings`, synthWav(1))).json();
      const file = join(t.recordingsDir, `${id}.rec`);
      expect(existsSync(file)).toBe(true);
      const note = await researcher.call('PUT', `${task}/reflection`, { body: 'I was tired.' });
      expect(note.statusCode).toBe(200);
      const review = await researcher.call('PUT', `${task}/review`, {
        feedback: 'Well paced.',
        reviewed: true,
        debriefed: true,
      });
      expect(review.statusCode).toBe(200);
      // Another participant's interview in the same study stays whatever the policy.
      const therapist = await createTestParticipant(t.db, p.practice, p.study, {
        role: 'therapist',
        staffUserId: p.staff.therapist1.id,
      });
      const othersTask = await createHeldInterview(t.db, {
        organizationId: p.study.organizationId,
        studyId: p.study.id,
        participantId: therapist.id,
        sessionId: p.case1.sessions[2]!.id,
        dueAt: '2026-11-18T10:50:00.000Z',
        interviewerId: p.staff.researcher.id,
        startsAt: '2026-11-17T11:00:00.000Z',
      });
      const rows = async (taskIds: string[]) => {
        const count = async (
          table:
            | 'interview_task_event'
            | 'interview_booking'
            | 'interview_reflection_revision'
            | 'interview_review',
        ) =>
          (await t.db.selectFrom(table).select('task_id').where('task_id', 'in', taskIds).execute())
            .length;
        return {
          tasks: (
            await t.db
              .selectFrom('interview_task')
              .select('id')
              .where('id', 'in', taskIds)
              .execute()
          ).length,
          bookings: await count('interview_booking'),
          notes: await count('interview_reflection_revision'),
          reviews: await count('interview_review'),
          events: await count('interview_task_event'),
        };
      };
      const mine = [p.heldTask, p.openTask];
      const before = await rows(mine);
      expect(before).toMatchObject({ tasks: 2, bookings: 1, notes: 1, reviews: 1 });
      const withdrawn = await researcher.call(
        'POST',
        `/api/research/participants/${p.client.id}/withdrawal`,
      );
      expect(withdrawn.statusCode).toBe(200);
      await runJobs();
      if (policy === 'delete') {
        expect(await recordingsOf(p.heldTask)).toEqual([]);
        expect(existsSync(file)).toBe(false);
        expect(await rows(mine)).toEqual({
          tasks: 0,
          bookings: 0,
          notes: 0,
          reviews: 0,
          events: 0,
        });
        const audit = await t.db
          .selectFrom('audit_event')
          .select('details')
          .where('action', '=', 'study-participant.withdraw')
          .where('entity_id', '=', p.client.id)
          .executeTakeFirstOrThrow();
        expect(JSON.parse(audit.details)).toMatchObject({
          deletedRecordings: 1,
          deletedInterviews: 2,
        });
      } else {
        expect(await recordingsOf(p.heldTask)).toHaveLength(1);
        expect(existsSync(file)).toBe(true);
        // Kept: the held interview as it was, the open one withdrawn (one more event).
        expect(await rows(mine)).toEqual({ ...before, events: before.events + 1 });
      }
      expect(await rows([othersTask])).toMatchObject({ tasks: 1, bookings: 1 });
      // Gone or kept, the interview page answers as such: 404 once deleted.
      expect((await researcher.call('GET', task)).statusCode).toBe(policy === 'delete' ? 404 : 200);
    }
  });

  it('the daily retention job deletes recordings older than their study keeps them', async () => {
    now = Date.parse('2026-11-20T12:00:00Z');
    const p = await recordingPractice(t.db, { retentionDays: 30 });
    const researcher = await t.signedIn(p.staff.researcher.email);
    const url = `/api/research/studies/${p.study.id}/interviews/tasks/${p.heldTask}/recordings`;
    const { id } = (await upload(researcher, url, synthWav(1))).json();
    const file = join(t.recordingsDir, `${id}.rec`);
    const { scheduleRecordingRetention } = await import('./recording-retention.job.ts');
    // The interview began 2026-11-17 09:00 UTC: kept through 2026-12-17 08:59.
    now = Date.parse('2026-12-17T08:00:00Z');
    await scheduleRecordingRetention(t.db, clock(), clock());
    await runJobs();
    expect(await recordingsOf(p.heldTask)).toHaveLength(1);
    now = Date.parse('2026-12-18T05:00:00Z');
    await scheduleRecordingRetention(t.db, clock(), clock());
    await runJobs();
    expect(await recordingsOf(p.heldTask)).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});
