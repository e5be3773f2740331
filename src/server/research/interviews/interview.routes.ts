import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  interpreterBriefingSchema,
  interviewBookingInputSchema,
  interviewOutcomeInputSchema,
  interviewScheduleInputSchema,
  interviewScheduleSchema,
  interviewTaskListSchema,
  interviewTaskSchema,
  newProtocolVersionSchema,
  newResearchInterpreterSchema,
  protocolVersionListSchema,
  protocolVersionSchema,
  researchInterpreterListSchema,
  researchInterpreterSchema,
} from '../../../core/api/research-interviews.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import type { StudyDeps } from '../studies/study.service.ts';
import {
  bookTask,
  changeSchedule,
  createProtocolVersion,
  listEligibleInterpreters,
  listInterpreterRegistry,
  listProtocols,
  listTasks,
  readSchedule,
  recordBriefing,
  recordOutcome,
  registerInterpreter,
} from './interview.service.ts';

const tags = ['research'];
const studyParams = z.object({ studyId: z.uuid() });
const taskParams = z.object({ studyId: z.uuid(), taskId: z.uuid() });
const interpreterParams = z.object({ interpreterId: z.uuid() });

/**
 * IPR interviews of a study (issue 17): schedule, protocol versions, tasks, bookings and
 * outcomes for the study's team (404 for anyone off it, whatever their role), and the
 * organization's interpreter registry for researchers (403 for other roles).
 */
export const interviewRoutes =
  (deps: StudyDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const base = '/api/research/studies/:studyId/interviews';

    app.get(
      `${base}/schedule`,
      {
        schema: {
          summary: 'Which sessions trigger an interview, for whom, within how many hours',
          tags,
          params: studyParams,
          response: { 200: interviewScheduleSchema },
        },
      },
      async (request) =>
        readSchedule(deps, requireStaff(request), request.params.studyId, requestOrigin(request)),
    );

    app.put(
      `${base}/schedule`,
      {
        schema: {
          summary: 'Set the interview schedule (applies to sessions marked attended from now on)',
          tags,
          params: studyParams,
          body: interviewScheduleInputSchema,
          response: { 200: interviewScheduleSchema },
        },
      },
      async (request) =>
        changeSchedule(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      `${base}/protocol-versions`,
      {
        schema: {
          summary: "The interview protocol's versions, newest first",
          tags,
          params: studyParams,
          response: { 200: protocolVersionListSchema },
        },
      },
      async (request) =>
        listProtocols(deps, requireStaff(request), request.params.studyId, requestOrigin(request)),
    );

    app.post(
      `${base}/protocol-versions`,
      {
        schema: {
          summary: 'A new version of the interview protocol (main questions and probes)',
          tags,
          params: studyParams,
          body: newProtocolVersionSchema,
          response: { 201: protocolVersionSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createProtocolVersion(
              deps,
              requireStaff(request),
              request.params.studyId,
              request.body,
              requestOrigin(request),
            ),
          ),
    );

    app.get(
      `${base}/tasks`,
      {
        schema: {
          summary: "The study's interview tasks, soonest deadline first, by pseudonym",
          tags,
          params: studyParams,
          response: { 200: interviewTaskListSchema },
        },
      },
      async (request) =>
        listTasks(deps, requireStaff(request), request.params.studyId, requestOrigin(request)),
    );

    app.get(
      `${base}/tasks/:taskId/interpreters`,
      {
        schema: {
          summary:
            "The interpreters who may interpret this interview (briefed, experienced, never in the participant's therapy)",
          tags,
          params: taskParams,
          response: { 200: researchInterpreterListSchema },
        },
      },
      async (request) =>
        listEligibleInterpreters(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.taskId,
          requestOrigin(request),
        ),
    );

    app.put(
      `${base}/tasks/:taskId/booking`,
      {
        schema: {
          summary:
            'Book (or rebook) an interview: interviewer, start within the window, modality, language, interpreter',
          tags,
          params: taskParams,
          body: interviewBookingInputSchema,
          response: { 200: interviewTaskSchema },
        },
      },
      async (request) =>
        bookTask(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.taskId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.post(
      `${base}/tasks/:taskId/outcome`,
      {
        schema: {
          summary: 'Record how a booked interview went: completed, partial, declined or missed',
          tags,
          params: taskParams,
          body: interviewOutcomeInputSchema,
          response: { 200: interviewTaskSchema },
        },
      },
      async (request) =>
        recordOutcome(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.taskId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/interpreters',
      {
        schema: {
          summary: "The organization's interpreters with experience and briefing (researchers)",
          tags,
          response: { 200: researchInterpreterListSchema },
        },
      },
      async (request) =>
        listInterpreterRegistry(deps, requireStaff(request), requestOrigin(request)),
    );

    app.post(
      '/api/research/interpreters',
      {
        schema: {
          summary: 'Register an interpreter (clinical or psychosocial experience required)',
          tags,
          body: newResearchInterpreterSchema,
          response: { 201: researchInterpreterSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await registerInterpreter(
              deps,
              requireStaff(request),
              request.body,
              requestOrigin(request),
            ),
          ),
    );

    app.put(
      '/api/research/interpreters/:interpreterId/briefing',
      {
        schema: {
          summary: "Record an interpreter's confidentiality briefing (the caller gave it)",
          tags,
          params: interpreterParams,
          body: interpreterBriefingSchema,
          response: { 200: researchInterpreterSchema },
        },
      },
      async (request) =>
        recordBriefing(
          deps,
          requireStaff(request),
          request.params.interpreterId,
          request.body.briefedOn,
          requestOrigin(request),
        ),
    );
  };
