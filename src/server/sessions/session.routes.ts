import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseSessionsSchema,
  createSessionBodySchema,
  sessionDetailSchema,
  sessionWriteResultSchema,
  updateSessionBodySchema,
} from '../../core/api/session.ts';
import { interpreterSessionsSchema } from '../../core/api/interpreter.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { SessionDetail, TherapySession } from './session.repository.ts';
import {
  type SavedSession,
  type SessionDeps,
  createSession,
  getSession,
  listCaseSessions,
  listInterpreterSessions,
  updateSession,
} from './session.service.ts';

const toSession = (s: TherapySession) => ({
  id: s.id,
  caseId: s.caseId,
  number: s.number,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  attendance: s.attendance,
  modality: s.modality,
  language: s.language,
  interpreterId: s.interpreterId,
});

const toDetail = (s: SessionDetail) => ({
  ...toSession(s),
  caseReference: s.caseReference,
  clinicTimeZone: s.clinicTimeZone,
  interpreterName: s.interpreterName,
  access: s.access,
});

const toWriteResult = (s: SavedSession) => ({ ...toDetail(s), warnings: s.warnings });

const tags = ['sessions'];
const sessionParams = z.object({ sessionId: z.uuid() });
const caseParams = z.object({ caseId: z.uuid() });

export const sessionRoutes =
  (deps: SessionDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId/sessions',
      {
        schema: {
          summary: "A case's sessions (its therapists and their supervisors)",
          tags,
          params: caseParams,
          response: {
            200: caseSessionsSchema,
          },
        },
      },
      async (request) => {
        const result = await listCaseSessions(
          deps,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        );
        return { ...result, sessions: result.sessions.map(toSession) };
      },
    );

    app.post(
      '/api/cases/:caseId/sessions',
      {
        schema: {
          summary: 'Add a session to a case, numbered next in its sequence (its therapists only)',
          tags,
          params: caseParams,
          body: createSessionBodySchema,
          response: { 201: sessionWriteResultSchema },
        },
      },
      async (request, reply) => {
        const created = await createSession(
          deps,
          requireStaff(request),
          request.params.caseId,
          request.body,
          requestOrigin(request),
        );
        return reply.status(201).send(toWriteResult(created));
      },
    );

    app.get(
      '/api/sessions/:sessionId',
      {
        schema: {
          summary: 'One session (its case’s therapists and their supervisors)',
          tags,
          params: sessionParams,
          response: { 200: sessionDetailSchema },
        },
      },
      async (request) =>
        toDetail(
          await getSession(
            deps,
            requireStaff(request),
            request.params.sessionId,
            requestOrigin(request),
          ),
        ),
    );

    app.patch(
      '/api/sessions/:sessionId',
      {
        schema: {
          summary: "Change a session's time, modality, language or interpreter",
          tags,
          params: sessionParams,
          body: updateSessionBodySchema,
          response: { 200: sessionWriteResultSchema },
        },
      },
      async (request) =>
        toWriteResult(
          await updateSession(
            deps,
            requireStaff(request),
            request.params.sessionId,
            request.body,
            requestOrigin(request),
          ),
        ),
    );

    // What an interpreter sees: the sessions assigned to them, with the date, time, language
    // and case reference. The response schema is the guard: no scores, notes or client names
    // can leave through it.
    app.get(
      '/api/interpreter/sessions',
      {
        schema: {
          summary: 'The sessions assigned to the signed-in interpreter',
          tags: ['interpreters'],
          response: { 200: interpreterSessionsSchema },
        },
      },
      async (request) => ({
        sessions: await listInterpreterSessions(
          deps,
          requireStaff(request),
          requestOrigin(request),
        ),
      }),
    );
  };
