import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { SessionDetail, TherapySession } from './session.repository.ts';
import {
  type SessionDeps,
  createSession,
  getSession,
  listCaseSessions,
  listInterpreterSessions,
  updateSession,
} from './session.service.ts';

/** An ISO 8601 instant with its offset (Z or ±hh:mm); stored as UTC. */
const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with its offset' })
  .transform((value) => new Date(value).toISOString());

const isLanguageTag = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};
/** A BCP 47 language tag such as `es` or `pt-BR`; canonicalised. */
export const languageSchema = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine(isLanguageTag, 'must be a language tag such as en, es or pt-BR')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0]!);

const modalitySchema = z.enum(['in-person', 'video', 'phone']);
export const attendanceSchema = z.enum(['scheduled', 'attended', 'cancelled', 'no-show']);

const sessionSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  number: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  attendance: attendanceSchema,
  modality: modalitySchema,
  language: z.string(),
  interpreterId: z.string().nullable(),
});

const sessionDetailSchema = sessionSchema.extend({
  caseReference: z.string(),
  clinicTimeZone: z.string(),
  interpreterName: z.string().nullable(),
  access: z.enum(['write', 'read']),
});

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
            200: z.object({
              caseId: z.string(),
              caseReference: z.string(),
              clinicTimeZone: z.string(),
              access: z.enum(['write', 'read']),
              sessions: z.array(sessionSchema),
            }),
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
          body: z.strictObject({
            startsAt: instantSchema,
            endsAt: instantSchema,
            modality: modalitySchema,
            language: languageSchema,
            interpreterId: z.uuid().nullable().default(null),
          }),
          response: { 201: sessionDetailSchema },
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
        return reply.status(201).send(toDetail(created));
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
          body: z
            .strictObject({
              startsAt: instantSchema.optional(),
              endsAt: instantSchema.optional(),
              modality: modalitySchema.optional(),
              language: languageSchema.optional(),
              interpreterId: z.uuid().nullable().optional(),
            })
            .refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
          response: { 200: sessionDetailSchema },
        },
      },
      async (request) =>
        toDetail(
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
          response: {
            200: z.object({
              sessions: z.array(
                z.object({
                  id: z.string(),
                  number: z.number().int(),
                  startsAt: z.string(),
                  endsAt: z.string(),
                  clinicTimeZone: z.string(),
                  modality: z.enum(['in-person', 'video', 'phone']),
                  language: z.string(),
                  attendance: z.enum(['scheduled', 'attended', 'cancelled', 'no-show']),
                  caseReference: z.string(),
                }),
              ),
            }),
          },
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
