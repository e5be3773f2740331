import { randomUUID } from 'node:crypto';
import { badRequest, conflict, notFound } from '../../../core/app-error.ts';
import type {
  InterviewBookingInput,
  InterviewOutcomeInput,
  InterviewSchedule,
  InterviewScheduleInput,
  InterviewTask,
  NewProtocolVersion,
  NewResearchInterpreter,
  ResearchInterpreter,
} from '../../../core/api/research-interviews.ts';
import {
  interviewBookingInputSchema,
  interviewScheduleInputSchema,
  newProtocolVersionSchema,
  newResearchInterpreterSchema,
} from '../../../core/api/research-interviews.ts';
import { localDeadline, startsWithinWindow } from '../../../core/research/interview-deadline.ts';
import { interviewInterpreterProblem } from '../../../core/research/interview-interpreter.ts';
import {
  DEFAULT_INTERVIEW_WINDOW_HOURS,
  INTERVIEW_RESPONDENTS,
  type InterviewStatus,
  PENDING_INTERVIEW_STATUSES,
} from '../../../core/research/interview-vocabulary.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordStaffAudit } from '../../audit/audit.service.ts';
import { type Executor, inTransaction } from '../../db/database.ts';
import { insertInterpreter } from '../../interpreters/interpreter.repository.ts';
import { type StudyDeps, requireResearcher, studyOfTeamOr404 } from '../studies/study.service.ts';
import {
  type ProtocolVersion,
  type TeamTask,
  findOverlappingBooking,
  findResearchInterpreter,
  findSchedule,
  findTaskForTeam,
  insertProtocolVersion,
  insertTaskEvent,
  isStudyInterviewer,
  listProtocolVersions,
  listResearchInterpreters,
  listTaskEvents,
  listTasksForTeam,
  listTherapyInterpreters,
  lockInterviewer,
  moveTaskStatus,
  recordInterpreterBriefing,
  saveBooking,
  saveSchedule,
} from './interview.repository.ts';

// The study team's side of IPR interviews (issue 17, items 1–5). Every study route finds the
// study through `studyOfTeam` in the SQL: anyone off its team gets 404, whatever their role,
// so a therapist cannot tell a study's interviews exist. The organization's interpreter
// registry answers researchers only (403 otherwise). Reads and writes are audited with
// identifiers only: a partial interview's notes are free text and never leave the task row.

const audit = (
  trx: Executor,
  deps: StudyDeps,
  actor: StaffActor,
  origin: RequestOrigin,
  event: Parameters<typeof recordStaffAudit>[4],
) => recordStaffAudit(trx, deps.clock, actor, origin, event);

export async function readSchedule(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<InterviewSchedule> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const schedule = await findSchedule(trx, actor.organizationId, studyId);
    await audit(trx, deps, actor, origin, {
      action: 'interview-schedule.read',
      entityType: 'interview_schedule',
      entityId: studyId,
    });
    return schedule
      ? { ...schedule, configured: true }
      : {
          sessionNumbers: [],
          respondents: [...INTERVIEW_RESPONDENTS],
          windowHours: DEFAULT_INTERVIEW_WINDOW_HOURS,
          configured: false,
        };
  });
}

/** Applies to sessions marked attended from now on; existing tasks keep their deadline. */
export async function changeSchedule(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  input: InterviewScheduleInput,
  origin: RequestOrigin,
): Promise<InterviewSchedule> {
  const body = interviewScheduleInputSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId, { lock: true });
    const sessionNumbers = [...body.sessionNumbers].sort((a, b) => a - b);
    await saveSchedule(trx, actor.organizationId, {
      studyId,
      sessionNumbers,
      respondents: body.respondents,
      windowHours: body.windowHours,
      updatedBy: actor.userId,
      updatedAt: deps.clock().toISOString(),
    });
    await audit(trx, deps, actor, origin, {
      action: 'interview-schedule.update',
      entityType: 'interview_schedule',
      entityId: studyId,
      details: { sessions: sessionNumbers.join(','), windowHours: body.windowHours },
    });
    return { ...body, sessionNumbers, configured: true };
  });
}

const versionOut = (v: ProtocolVersion) => ({
  id: v.id,
  version: v.version,
  questions: v.questions,
  createdAt: v.createdAt,
});

export async function listProtocols(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
) {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const versions = await listProtocolVersions(trx, actor.organizationId, studyId);
    await audit(trx, deps, actor, origin, {
      action: 'interview-protocol.list',
      entityType: 'study',
      entityId: studyId,
      details: { count: versions.length },
    });
    return { protocolVersions: versions.map(versionOut) };
  });
}

/**
 * A protocol is never edited: each change is the next version, and an interview booked
 * before it keeps the version it was booked with. The study row is locked so two versions
 * saved at once get different numbers.
 */
export async function createProtocolVersion(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  input: NewProtocolVersion,
  origin: RequestOrigin,
) {
  const body = newProtocolVersionSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId, { lock: true });
    const latest = (await listProtocolVersions(trx, actor.organizationId, studyId))[0];
    const version: ProtocolVersion = {
      id: randomUUID(),
      version: (latest?.version ?? 0) + 1,
      questions: body.questions,
      createdBy: actor.userId,
      createdAt: deps.clock().toISOString(),
    };
    await insertProtocolVersion(trx, actor.organizationId, studyId, version);
    await audit(trx, deps, actor, origin, {
      action: 'interview-protocol.create',
      entityType: 'interview_protocol_version',
      entityId: version.id,
      details: { studyId, version: version.version },
    });
    return versionOut(version);
  });
}

function taskOut(task: TeamTask, history: InterviewTask['history']): InterviewTask {
  return {
    id: task.id,
    participantId: task.participantId,
    pseudonym: task.pseudonym,
    respondent: task.role,
    participantStatus: task.participantStatus,
    sessionNumber: task.sessionNumber,
    sessionEndsAt: task.sessionEndsAt,
    dueAt: task.dueAt,
    dueLocal: localDeadline(task.dueAt, task.timeZone),
    timeZone: task.timeZone,
    status: task.status,
    protocolVersionId: task.protocolVersionId,
    covered: task.covered,
    stopReason: task.stopReason,
    booking: task.booking && {
      ...task.booking,
      startsLocal: localDeadline(task.booking.startsAt, task.timeZone),
    },
    history,
  };
}

/** A task as the team sees it, with its history of states. */
export async function taskWithHistory(trx: Executor, actor: StaffActor, task: TeamTask) {
  const events = await listTaskEvents(trx, actor.organizationId, [task.id]);
  return taskOut(task, events.get(task.id) ?? []);
}

async function taskOr404(
  trx: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  options: { lock?: boolean } = {},
): Promise<TeamTask> {
  const task = await findTaskForTeam(trx, actor, studyId, taskId, options);
  if (!task) throw notFound('Interview task');
  return task;
}

/** The study's interview tasks, soonest deadline first, by pseudonym. */
export async function listTasks(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<{ tasks: InterviewTask[] }> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const tasks = await listTasksForTeam(trx, actor, studyId);
    const events = await listTaskEvents(
      trx,
      actor.organizationId,
      tasks.map((t) => t.id),
    );
    await audit(trx, deps, actor, origin, {
      action: 'interview-task.list',
      entityType: 'study',
      entityId: studyId,
      details: { count: tasks.length },
    });
    return { tasks: tasks.map((t) => taskOut(t, events.get(t.id) ?? [])) };
  });
}

const interpreterOut = (i: ResearchInterpreter): ResearchInterpreter => ({
  id: i.id,
  displayName: i.displayName,
  languages: i.languages,
  clinicalExperience: i.clinicalExperience,
  briefedOn: i.briefedOn,
  briefedBy: i.briefedBy,
  briefedByName: i.briefedByName,
});

/** The interpreters who may interpret this task's interview (what the booking form offers). */
export async function listEligibleInterpreters(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  origin: RequestOrigin,
): Promise<{ interpreters: ResearchInterpreter[] }> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const task = await taskOr404(trx, actor, studyId, taskId);
    const therapy = await listTherapyInterpreters(trx, actor.organizationId, {
      clientId: task.clientId,
      therapistId: task.therapistId,
    });
    const eligible = (await listResearchInterpreters(trx, actor.organizationId)).filter(
      (i) =>
        interviewInterpreterProblem({
          ...i,
          interpretedTherapyAt: therapy.get(i.id) ?? null,
          respondent: task.role,
          timeZone: task.timeZone,
        }) === null,
    );
    await audit(trx, deps, actor, origin, {
      action: 'interview-task.interpreters',
      entityType: 'interview_task',
      entityId: task.id,
      details: { eligible: eligible.length },
    });
    return { interpreters: eligible.map(interpreterOut) };
  });
}

/**
 * Books (or rebooks) a task: one slot per respondent, within the window, an interviewer of
 * the team without another interview at that time, an interpreter who may interpret it.
 * The task is locked, and so is the interviewer, so two bookings at once are checked one
 * after the other. Anything refused changes nothing.
 */
export async function bookTask(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  input: InterviewBookingInput,
  origin: RequestOrigin,
): Promise<InterviewTask> {
  const body = interviewBookingInputSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const task = await taskOr404(trx, actor, studyId, taskId, { lock: true });
    if (task.participantStatus !== 'consented')
      throw conflict(
        `Participant ${task.pseudonym} is ${task.participantStatus}, not consented: their interview cannot be booked.`,
      );
    if (!(PENDING_INTERVIEW_STATUSES as readonly string[]).includes(task.status))
      throw conflict(`This interview is ${task.status}: it can no longer be booked.`);
    const startsAt = body.startsAt;
    const endsAt = new Date(Date.parse(startsAt) + body.durationMinutes * 60_000).toISOString();
    if (!startsWithinWindow(startsAt, task.dueAt)) {
      const due = localDeadline(task.dueAt, task.timeZone);
      throw badRequest(
        `The interview must start by its deadline, ${due.text}; ${localDeadline(startsAt, task.timeZone).text} is after it.`,
        [{ path: 'body.startsAt', message: `must be at or before ${due.text}` }],
      );
    }
    if (Date.parse(startsAt) < Date.parse(task.sessionEndsAt))
      throw badRequest('The interview must start after the session has ended.', [
        { path: 'body.startsAt', message: 'must be after the session ends' },
      ]);
    if (!(await isStudyInterviewer(trx, actor.organizationId, studyId, body.interviewerId)))
      throw badRequest('The interviewer must be a researcher on the study team.', [
        { path: 'body.interviewerId', message: 'is not on the study team' },
      ]);
    if (body.interpreterId !== null) {
      const interpreter = await findResearchInterpreter(
        trx,
        actor.organizationId,
        body.interpreterId,
      );
      if (!interpreter)
        throw badRequest('There is no such interpreter.', [
          { path: 'body.interpreterId', message: 'is not an interpreter of this organization' },
        ]);
      const therapy = await listTherapyInterpreters(trx, actor.organizationId, {
        clientId: task.clientId,
        therapistId: task.therapistId,
      });
      const problem = interviewInterpreterProblem({
        ...interpreter,
        interpretedTherapyAt: therapy.get(interpreter.id) ?? null,
        respondent: task.role,
        timeZone: task.timeZone,
      });
      if (problem) throw conflict(problem);
    }
    await lockInterviewer(trx, actor.organizationId, body.interviewerId);
    const overlap = await findOverlappingBooking(trx, actor.organizationId, body.interviewerId, {
      startsAt,
      endsAt,
      exceptTaskId: task.id,
    });
    if (overlap)
      throw conflict(
        `The interviewer already has an interview from ${localDeadline(overlap.startsAt, task.timeZone).text} to ${localDeadline(overlap.endsAt, task.timeZone).local.slice(11)}; one slot holds one respondent.`,
      );
    const now = deps.clock().toISOString();
    await saveBooking(trx, actor.organizationId, task.id, {
      interviewerId: body.interviewerId,
      startsAt,
      endsAt,
      modality: body.modality,
      language: body.language,
      interpreterId: body.interpreterId,
      bookedBy: actor.userId,
      bookedAt: now,
    });
    // The interview keeps the protocol version current when it was first booked.
    const protocol =
      task.protocolVersionId ??
      (await listProtocolVersions(trx, actor.organizationId, studyId))[0]?.id ??
      null;
    await moveTaskStatus(trx, actor.organizationId, task.id, {
      from: PENDING_INTERVIEW_STATUSES,
      to: 'scheduled',
      now,
      protocolVersionId: protocol,
    });
    await insertTaskEvent(trx, actor.organizationId, {
      taskId: task.id,
      status: 'scheduled',
      actorId: actor.userId,
      at: now,
    });
    await audit(trx, deps, actor, origin, {
      action: 'interview-task.book',
      entityType: 'interview_task',
      entityId: task.id,
      details: {
        interviewerId: body.interviewerId,
        ...(body.interpreterId !== null && { interpreterId: body.interpreterId }),
        rebooked: task.booking ? 1 : 0,
      },
    });
    return taskWithHistory(trx, actor, await taskOr404(trx, actor, studyId, task.id));
  });
}

/** Which states each outcome may follow: an interview is held only once it is booked. */
const OUTCOME_FROM: Record<InterviewOutcomeInput['outcome'], readonly InterviewStatus[]> = {
  completed: ['scheduled'],
  partial: ['scheduled'],
  declined: ['open', 'scheduled'],
  missed: ['scheduled'],
};

export async function recordOutcome(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  body: InterviewOutcomeInput,
  origin: RequestOrigin,
): Promise<InterviewTask> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const task = await taskOr404(trx, actor, studyId, taskId, { lock: true });
    const from = OUTCOME_FROM[body.outcome];
    if (!from.includes(task.status))
      throw conflict(
        task.status === 'open'
          ? `This interview is not booked yet: book it before recording it ${body.outcome}.`
          : `This interview is already ${task.status}.`,
      );
    const now = deps.clock();
    if (
      (body.outcome === 'completed' || body.outcome === 'partial') &&
      task.booking &&
      Date.parse(task.booking.startsAt) > now.getTime()
    )
      throw conflict(
        `This interview starts at ${localDeadline(task.booking.startsAt, task.timeZone).text}: record how it went once it has begun.`,
      );
    await moveTaskStatus(trx, actor.organizationId, task.id, {
      from,
      to: body.outcome,
      now: now.toISOString(),
      covered: body.outcome === 'partial' ? body.covered : null,
      stopReason: body.outcome === 'partial' ? body.stopReason : null,
    });
    await insertTaskEvent(trx, actor.organizationId, {
      taskId: task.id,
      status: body.outcome,
      actorId: actor.userId,
      at: now.toISOString(),
    });
    await audit(trx, deps, actor, origin, {
      action: 'interview-task.outcome',
      entityType: 'interview_task',
      entityId: task.id,
      details: { outcome: body.outcome },
    });
    return taskWithHistory(trx, actor, await taskOr404(trx, actor, studyId, task.id));
  });
}

/** The organization's interpreters with what research needs to know (researchers only). */
export async function listInterpreterRegistry(
  deps: StudyDeps,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<{ interpreters: ResearchInterpreter[] }> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const interpreters = await listResearchInterpreters(trx, actor.organizationId);
    await audit(trx, deps, actor, origin, {
      action: 'interpreter.list',
      entityType: 'interpreter',
      entityId: null,
      details: { count: interpreters.length },
    });
    return { interpreters: interpreters.map(interpreterOut) };
  });
}

/** A new interpreter, with clinical or psychosocial experience (required) and languages. */
export async function registerInterpreter(
  deps: StudyDeps,
  actor: StaffActor,
  input: NewResearchInterpreter,
  origin: RequestOrigin,
): Promise<ResearchInterpreter> {
  requireResearcher(actor);
  const body = newResearchInterpreterSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    const id = randomUUID();
    await insertInterpreter(
      trx,
      {
        id,
        organizationId: actor.organizationId,
        staffUserId: null,
        displayName: body.displayName,
        languages: body.languages,
        clinicalExperience: body.clinicalExperience,
        briefingAcknowledgedAt: null,
      },
      deps.clock().toISOString(),
    );
    if (body.briefedOn !== null)
      await recordInterpreterBriefing(trx, actor.organizationId, id, {
        briefedOn: body.briefedOn,
        briefedBy: actor.userId,
      });
    await audit(trx, deps, actor, origin, {
      action: 'interpreter.create',
      entityType: 'interpreter',
      entityId: id,
    });
    const created = await findResearchInterpreter(trx, actor.organizationId, id);
    if (!created) throw notFound('Interpreter');
    return interpreterOut(created);
  });
}

/** Records the confidentiality briefing: the date, and the caller as the one who gave it. */
export async function recordBriefing(
  deps: StudyDeps,
  actor: StaffActor,
  interpreterId: string,
  briefedOn: string,
  origin: RequestOrigin,
): Promise<ResearchInterpreter> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    if (
      !(await recordInterpreterBriefing(trx, actor.organizationId, interpreterId, {
        briefedOn,
        briefedBy: actor.userId,
      }))
    )
      throw notFound('Interpreter');
    await audit(trx, deps, actor, origin, {
      action: 'interpreter.briefing',
      entityType: 'interpreter',
      entityId: interpreterId,
    });
    const interpreter = await findResearchInterpreter(trx, actor.organizationId, interpreterId);
    if (!interpreter) throw notFound('Interpreter');
    return interpreterOut(interpreter);
  });
}
