import type { Modality } from '../../../core/sessions/session-vocabulary.ts';
import {
  type InterviewRespondent,
  type InterviewStatus,
  PENDING_INTERVIEW_STATUSES,
} from '../../../core/research/interview-vocabulary.ts';
import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { type Executor, isPostgres } from '../../db/database.ts';
import type { Attendance } from '../../db/database-schema.ts';

// IPR interviews of a study (issue 17). Staff reads are scoped by `studyOfTeam` in the SQL;
// the job's reads (no actor) are scoped by organization and session.

export interface InterviewSchedule {
  studyId: string;
  sessionNumbers: number[];
  respondents: InterviewRespondent[];
  windowHours: number;
  updatedBy: string;
  updatedAt: string;
}

export async function findSchedule(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<InterviewSchedule | undefined> {
  const row = await db
    .selectFrom('interview_schedule')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .executeTakeFirst();
  return (
    row && {
      studyId: row.study_id,
      sessionNumbers: JSON.parse(row.session_numbers) as number[],
      respondents: JSON.parse(row.respondents) as InterviewRespondent[],
      windowHours: Number(row.window_hours),
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    }
  );
}

export async function saveSchedule(
  db: Executor,
  organizationId: string,
  schedule: InterviewSchedule,
): Promise<void> {
  const values = {
    session_numbers: JSON.stringify(schedule.sessionNumbers),
    respondents: JSON.stringify(schedule.respondents),
    window_hours: schedule.windowHours,
    updated_by: schedule.updatedBy,
    updated_at: schedule.updatedAt,
  };
  await db
    .insertInto('interview_schedule')
    .values({ study_id: schedule.studyId, organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('study_id').doUpdateSet(values))
    .execute();
}

export interface ProtocolQuestion {
  question: string;
  probes: string[];
}

export interface ProtocolVersion {
  id: string;
  version: number;
  questions: ProtocolQuestion[];
  createdBy: string;
  createdAt: string;
}

export async function listProtocolVersions(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<ProtocolVersion[]> {
  const rows = await db
    .selectFrom('interview_protocol_version')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: Number(r.version),
    questions: JSON.parse(r.questions) as ProtocolQuestion[],
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

export async function insertProtocolVersion(
  db: Executor,
  organizationId: string,
  studyId: string,
  version: ProtocolVersion,
): Promise<void> {
  await db
    .insertInto('interview_protocol_version')
    .values({
      id: version.id,
      organization_id: organizationId,
      study_id: studyId,
      version: version.version,
      questions: JSON.stringify(version.questions),
      created_by: version.createdBy,
      created_at: version.createdAt,
    })
    .execute();
}

export interface SessionForInterviews {
  id: string;
  caseId: string;
  number: number;
  endsAt: string;
  attendance: Attendance;
}

export async function findSessionForInterviews(
  db: Executor,
  organizationId: string,
  sessionId: string,
): Promise<SessionForInterviews | undefined> {
  const row = await db
    .selectFrom('therapy_session')
    .select(['id', 'case_id', 'number', 'ends_at', 'attendance'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      caseId: row.case_id,
      number: Number(row.number),
      endsAt: row.ends_at,
      attendance: row.attendance,
    }
  );
}

/** Recruiting studies with an interview schedule that have a participant in the case. */
export async function listSchedulesForCase(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<InterviewSchedule[]> {
  const rows = await db
    .selectFrom('interview_schedule as sch')
    .innerJoin('study', 'study.id', 'sch.study_id')
    .selectAll('sch')
    .where('sch.organization_id', '=', organizationId)
    .where('study.status', '=', 'recruiting')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('study_participant as sp')
          .select('sp.id')
          .whereRef('sp.study_id', '=', 'sch.study_id')
          .where('sp.organization_id', '=', organizationId)
          .where('sp.case_id', '=', caseId),
      ),
    )
    .execute();
  return rows.map((row) => ({
    studyId: row.study_id,
    sessionNumbers: JSON.parse(row.session_numbers) as number[],
    respondents: JSON.parse(row.respondents) as InterviewRespondent[],
    windowHours: Number(row.window_hours),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  }));
}

/**
 * The consented people of an enrolled case in a study: its consented client members, and
 * the consented therapist participants who treat the case, when at least one client member
 * of the case has consented (a therapist alone does not enrol a case).
 */
export async function listConsentedRespondents(
  db: Executor,
  organizationId: string,
  studyId: string,
  caseId: string,
): Promise<{ participantId: string; role: InterviewRespondent }[]> {
  const clients = await db
    .selectFrom('study_participant')
    .select(['id', 'role'])
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .where('role', '=', 'client')
    .where('case_id', '=', caseId)
    .where('status', '=', 'consented')
    .execute();
  if (clients.length === 0) return [];
  const therapists = await db
    .selectFrom('study_participant as sp')
    .innerJoin('case_therapist as ct', (join) =>
      join
        .onRef('ct.staff_user_id', '=', 'sp.staff_user_id')
        .on('ct.case_id', '=', caseId)
        .on('ct.organization_id', '=', organizationId),
    )
    .select(['sp.id', 'sp.role'])
    .where('sp.organization_id', '=', organizationId)
    .where('sp.study_id', '=', studyId)
    .where('sp.role', '=', 'therapist')
    .where('sp.status', '=', 'consented')
    .execute();
  return [...clients, ...therapists].map((r) => ({ participantId: r.id, role: r.role }));
}

export interface NewInterviewTask {
  id: string;
  studyId: string;
  participantId: string;
  sessionId: string;
  dueAt: string;
  now: string;
}

/** False when the participant already has a task for this session (nothing is changed). */
export async function insertTaskOnce(
  db: Executor,
  organizationId: string,
  task: NewInterviewTask,
): Promise<boolean> {
  const result = await db
    .insertInto('interview_task')
    .values({
      id: task.id,
      organization_id: organizationId,
      study_id: task.studyId,
      participant_id: task.participantId,
      session_id: task.sessionId,
      due_at: task.dueAt,
      status: 'open',
      protocol_version_id: null,
      covered: null,
      stop_reason: null,
      created_at: task.now,
      updated_at: task.now,
    })
    .onConflict((oc) => oc.columns(['study_id', 'participant_id', 'session_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface SessionTask {
  id: string;
  studyId: string;
  participantId: string;
  participantStatus: string;
  status: InterviewStatus;
  dueAt: string;
  booked: boolean;
}

export async function listTasksOfSession(
  db: Executor,
  organizationId: string,
  sessionId: string,
): Promise<SessionTask[]> {
  const rows = await db
    .selectFrom('interview_task as t')
    .innerJoin('study_participant as sp', 'sp.id', 't.participant_id')
    .leftJoin('interview_booking as b', 'b.task_id', 't.id')
    .select([
      't.id',
      't.study_id',
      't.participant_id',
      'sp.status as participant_status',
      't.status',
      't.due_at',
      'b.task_id as booked_task',
    ])
    .where('t.organization_id', '=', organizationId)
    .where('t.session_id', '=', sessionId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    studyId: r.study_id,
    participantId: r.participant_id,
    participantStatus: r.participant_status,
    status: r.status,
    dueAt: r.due_at,
    booked: r.booked_task !== null,
  }));
}

/**
 * Moves a task to `to` only while it is in one of `from`: the condition is in the UPDATE,
 * so two instances doing the same change at once change it once (the second finds nothing
 * to update). `dueBefore` adds "and the window has closed" (the missed-interview job).
 */
export async function moveTaskStatus(
  db: Executor,
  organizationId: string,
  taskId: string,
  change: {
    from: readonly InterviewStatus[];
    to: InterviewStatus;
    now: string;
    dueBefore?: string;
    covered?: string | null;
    stopReason?: string | null;
    protocolVersionId?: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('interview_task')
    .set({
      status: change.to,
      updated_at: change.now,
      ...(change.covered !== undefined && { covered: change.covered }),
      ...(change.stopReason !== undefined && { stop_reason: change.stopReason }),
      ...(change.protocolVersionId !== undefined && {
        protocol_version_id: change.protocolVersionId,
      }),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .where('status', 'in', [...change.from])
    .$if(change.dueBefore !== undefined, (q) => q.where('due_at', '<=', change.dueBefore!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The participant's tasks still waiting for their interview. */
export async function listPendingTaskIdsOfParticipant(
  db: Executor,
  organizationId: string,
  participantId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('interview_task')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('participant_id', '=', participantId)
    .where('status', 'in', [...PENDING_INTERVIEW_STATUSES])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes every interview record of a participant in one study — their tasks with each
 * task's bookings, history, reflection note revisions and review — for a withdrawal under
 * the study's *delete* policy. Their recordings must be gone first (recording.repository).
 * Returns how many tasks went.
 */
export async function deleteParticipantInterviewRecords(
  db: Executor,
  participant: { organizationId: string; studyId: string; participantId: string },
): Promise<number> {
  const tasks = db
    .selectFrom('interview_task')
    .select('id')
    .where('organization_id', '=', participant.organizationId)
    .where('study_id', '=', participant.studyId)
    .where('participant_id', '=', participant.participantId);
  for (const table of [
    'interview_reflection_revision',
    'interview_review',
    'interview_booking',
    'interview_task_event',
  ] as const)
    await db.deleteFrom(table).where('task_id', 'in', tasks).execute();
  const deleted = await db
    .deleteFrom('interview_task')
    .where('organization_id', '=', participant.organizationId)
    .where('study_id', '=', participant.studyId)
    .where('participant_id', '=', participant.participantId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

export async function updateTaskDue(
  db: Executor,
  organizationId: string,
  taskId: string,
  dueAt: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('interview_task')
    .set({ due_at: dueAt, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .where('status', 'in', [...PENDING_INTERVIEW_STATUSES])
    .execute();
}

export async function insertTaskEvent(
  db: Executor,
  organizationId: string,
  event: {
    taskId: string;
    status: InterviewStatus;
    actorId: string | null;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('interview_task_event')
    .values({
      organization_id: organizationId,
      task_id: event.taskId,
      status: event.status,
      actor_kind: event.actorId === null ? 'system' : 'staff',
      actor_id: event.actorId,
      at: event.at,
    })
    .execute();
}

export interface TaskEvent {
  status: InterviewStatus;
  actorKind: 'staff' | 'system';
  actorId: string | null;
  at: string;
}

export async function listTaskEvents(
  db: Executor,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Map<string, TaskEvent[]>> {
  const events = new Map<string, TaskEvent[]>();
  if (taskIds.length === 0) return events;
  const rows = await db
    .selectFrom('interview_task_event')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('task_id', 'in', [...taskIds])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = events.get(r.task_id) ?? [];
    list.push({ status: r.status, actorKind: r.actor_kind, actorId: r.actor_id, at: r.at });
    events.set(r.task_id, list);
  }
  return events;
}

export interface InterviewBooking {
  interviewerId: string;
  startsAt: string;
  endsAt: string;
  modality: Modality;
  language: string;
  interpreterId: string | null;
  bookedBy: string;
  bookedAt: string;
}

export interface TeamTask {
  id: string;
  studyId: string;
  participantId: string;
  pseudonym: string;
  role: InterviewRespondent;
  participantStatus: string;
  clientId: string | null;
  therapistId: string | null;
  sessionNumber: number;
  sessionEndsAt: string;
  dueAt: string;
  timeZone: string;
  status: InterviewStatus;
  protocolVersionId: string | null;
  covered: string | null;
  stopReason: string | null;
  booking: InterviewBooking | null;
}

function teamTasks(db: Executor, actor: StaffActor, studyId: string) {
  return db
    .selectFrom('interview_task as t')
    .innerJoin('study_participant as sp', 'sp.id', 't.participant_id')
    .innerJoin('therapy_session as s', 's.id', 't.session_id')
    .innerJoin('clinic as c', 'c.id', 'sp.clinic_id')
    .leftJoin('interview_booking as b', 'b.task_id', 't.id')
    .select([
      't.id',
      't.study_id',
      't.participant_id',
      'sp.pseudonym',
      'sp.role',
      'sp.status as participant_status',
      'sp.client_id',
      'sp.staff_user_id',
      's.number as session_number',
      's.ends_at as session_ends_at',
      't.due_at',
      'c.time_zone',
      't.status',
      't.protocol_version_id',
      't.covered',
      't.stop_reason',
      'b.interviewer_id',
      'b.starts_at',
      'b.ends_at',
      'b.modality',
      'b.language',
      'b.interpreter_id',
      'b.booked_by',
      'b.booked_at',
    ])
    .where('t.organization_id', '=', actor.organizationId)
    .where('t.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('t.study_id')));
}

type TeamTaskRow = Awaited<ReturnType<ReturnType<typeof teamTasks>['execute']>>[number];

const teamTaskRowToTask = (r: TeamTaskRow): TeamTask => ({
  id: r.id,
  studyId: r.study_id,
  participantId: r.participant_id,
  pseudonym: r.pseudonym,
  role: r.role,
  participantStatus: r.participant_status,
  clientId: r.client_id,
  therapistId: r.staff_user_id,
  sessionNumber: Number(r.session_number),
  sessionEndsAt: r.session_ends_at,
  dueAt: r.due_at,
  timeZone: r.time_zone,
  status: r.status,
  protocolVersionId: r.protocol_version_id,
  covered: r.covered,
  stopReason: r.stop_reason,
  booking:
    r.interviewer_id === null
      ? null
      : {
          interviewerId: r.interviewer_id,
          startsAt: r.starts_at!,
          endsAt: r.ends_at!,
          modality: r.modality!,
          language: r.language!,
          interpreterId: r.interpreter_id,
          bookedBy: r.booked_by!,
          bookedAt: r.booked_at!,
        },
});

/** The study's tasks, soonest deadline first, for its team only. */
export async function listTasksForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<TeamTask[]> {
  const rows = await teamTasks(db, actor, studyId).orderBy('t.due_at').orderBy('t.id').execute();
  return rows.map(teamTaskRowToTask);
}

/** One task of the team's study, or undefined; locked when it will change. */
export async function findTaskForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  options: { lock?: boolean } = {},
): Promise<TeamTask | undefined> {
  const row = await teamTasks(db, actor, studyId)
    .where('t.id', '=', taskId)
    .$if(options.lock === true && isPostgres(db), (q) => q.forUpdate('t'))
    .executeTakeFirst();
  return row && teamTaskRowToTask(row);
}

/** Whether the staff member is on the study's team and still a researcher (an interviewer). */
export async function isStudyInterviewer(
  db: Executor,
  organizationId: string,
  studyId: string,
  staffUserId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('study_team_member as tm')
    .innerJoin('staff_role as r', (join) =>
      join
        .onRef('r.staff_user_id', '=', 'tm.staff_user_id')
        .onRef('r.organization_id', '=', 'tm.organization_id'),
    )
    .innerJoin('staff_user as u', 'u.id', 'tm.staff_user_id')
    .select('tm.staff_user_id')
    .where('tm.organization_id', '=', organizationId)
    .where('tm.study_id', '=', studyId)
    .where('tm.staff_user_id', '=', staffUserId)
    .where('r.role', '=', 'researcher')
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Holds the interviewer's row until the transaction ends (PostgreSQL), so two bookings for
 * the same interviewer at once are checked for overlap one after the other. SQLite has one
 * writer, which does the same.
 */
export async function lockInterviewer(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<void> {
  if (!isPostgres(db)) return;
  await db
    .selectFrom('staff_user')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', staffUserId)
    .forUpdate()
    .execute();
}

/** A booking of the interviewer (other than this task's) that overlaps [startsAt, endsAt). */
export async function findOverlappingBooking(
  db: Executor,
  organizationId: string,
  interviewerId: string,
  slot: { startsAt: string; endsAt: string; exceptTaskId: string },
): Promise<{ startsAt: string; endsAt: string } | undefined> {
  const row = await db
    .selectFrom('interview_booking as b')
    .innerJoin('interview_task as t', 't.id', 'b.task_id')
    .select(['b.starts_at', 'b.ends_at'])
    .where('b.organization_id', '=', organizationId)
    .where('b.interviewer_id', '=', interviewerId)
    .where('b.task_id', '!=', slot.exceptTaskId)
    .where('t.status', '!=', 'withdrawn')
    .where('b.starts_at', '<', slot.endsAt)
    .where('b.ends_at', '>', slot.startsAt)
    .executeTakeFirst();
  return row && { startsAt: row.starts_at, endsAt: row.ends_at };
}

export async function saveBooking(
  db: Executor,
  organizationId: string,
  taskId: string,
  booking: InterviewBooking,
): Promise<void> {
  const values = {
    interviewer_id: booking.interviewerId,
    starts_at: booking.startsAt,
    ends_at: booking.endsAt,
    modality: booking.modality,
    language: booking.language,
    interpreter_id: booking.interpreterId,
    booked_by: booking.bookedBy,
    booked_at: booking.bookedAt,
  };
  await db
    .insertInto('interview_booking')
    .values({ task_id: taskId, organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('task_id').doUpdateSet(values))
    .execute();
}

export interface ResearchInterpreter {
  id: string;
  displayName: string;
  languages: string[];
  clinicalExperience: string | null;
  briefedOn: string | null;
  briefedBy: string | null;
  /** Who gave the briefing, as the team knows them. */
  briefedByName: string | null;
}

function interpreters(db: Executor, organizationId: string) {
  return db
    .selectFrom('interpreter as i')
    .leftJoin('staff_user as u', (join) =>
      join.onRef('u.id', '=', 'i.briefed_by').onRef('u.organization_id', '=', 'i.organization_id'),
    )
    .select([
      'i.id',
      'i.display_name',
      'i.languages',
      'i.clinical_experience',
      'i.briefed_on',
      'i.briefed_by',
      'u.display_name as briefed_by_name',
    ])
    .where('i.organization_id', '=', organizationId);
}

const interpreterRow = (r: {
  id: string;
  display_name: string;
  languages: string;
  clinical_experience: string | null;
  briefed_on: string | null;
  briefed_by: string | null;
  briefed_by_name: string | null;
}): ResearchInterpreter => ({
  id: r.id,
  displayName: r.display_name,
  languages: JSON.parse(r.languages) as string[],
  clinicalExperience: r.clinical_experience,
  briefedOn: r.briefed_on,
  briefedBy: r.briefed_by,
  briefedByName: r.briefed_by_name,
});

export async function listResearchInterpreters(
  db: Executor,
  organizationId: string,
): Promise<ResearchInterpreter[]> {
  const rows = await interpreters(db, organizationId)
    .orderBy('i.display_name')
    .orderBy('i.id')
    .execute();
  return rows.map(interpreterRow);
}

export async function findResearchInterpreter(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<ResearchInterpreter | undefined> {
  const row = await interpreters(db, organizationId).where('i.id', '=', id).executeTakeFirst();
  return row && interpreterRow(row);
}

export async function recordInterpreterBriefing(
  db: Executor,
  organizationId: string,
  id: string,
  briefing: { briefedOn: string; briefedBy: string },
): Promise<boolean> {
  const result = await db
    .updateTable('interpreter')
    .set({ briefed_on: briefing.briefedOn, briefed_by: briefing.briefedBy })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Interpreters who interpreted any therapy session of the person (a client: every case
 * they are a member of; a therapist: every case they treat), each with the latest such
 * session's start. Cancelled sessions do not count: nobody was interpreted.
 */
export async function listTherapyInterpreters(
  db: Executor,
  organizationId: string,
  person: { clientId: string | null; therapistId: string | null },
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('therapy_session as s')
    .select(['s.interpreter_id', (eb) => eb.fn.max('s.starts_at').as('last_at')])
    .where('s.organization_id', '=', organizationId)
    .where('s.interpreter_id', 'is not', null)
    .where('s.attendance', '!=', 'cancelled')
    .where((eb) =>
      person.clientId !== null
        ? eb(
            's.case_id',
            'in',
            eb
              .selectFrom('case_member')
              .select('case_id')
              .where('organization_id', '=', organizationId)
              .where('client_id', '=', person.clientId),
          )
        : eb(
            's.case_id',
            'in',
            eb
              .selectFrom('case_therapist')
              .select('case_id')
              .where('organization_id', '=', organizationId)
              .where('staff_user_id', '=', person.therapistId ?? ''),
          ),
    )
    .groupBy('s.interpreter_id')
    .execute();
  return new Map(rows.map((r) => [r.interpreter_id!, String(r.last_at)]));
}
