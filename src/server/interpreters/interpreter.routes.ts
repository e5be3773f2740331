import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/app-error.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { listInterpreters } from './interpreter.repository.ts';
import { type SessionDeps, listInterpreterSessions } from '../sessions/session.service.ts';

/**
 * What an interpreter sees: the sessions assigned to them, with the date, time, language and
 * case reference. The response schema is the guard: no scores, notes or client names can
 * leave through it.
 */
export const interpreterRoutes =
  (deps: SessionDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/interpreters',
      {
        schema: {
          summary:
            "The organization's interpreters, to assign to a session (therapists and admins)",
          tags: ['interpreters'],
          response: {
            200: z.object({
              interpreters: z.array(
                z.object({
                  id: z.string(),
                  displayName: z.string(),
                  languages: z.array(z.string()),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireStaff(request);
        if (!actor.roles.some((r) => r.role === 'therapist' || r.role === 'admin'))
          throw new AppError('forbidden', 'This needs the therapist or admin role.');
        const interpreters = await listInterpreters(deps.db, actor.organizationId);
        return {
          interpreters: interpreters.map((i) => ({
            id: i.id,
            displayName: i.displayName,
            languages: i.languages,
          })),
        };
      },
    );

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
