import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { interpreterOptionsSchema } from '../../core/api/interpreter.ts';
import { AppError } from '../../core/app-error.ts';
import type { Database } from '../db/database.ts';
import { requireStaff } from '../http/authenticate.ts';
import { listInterpreters } from './interpreter.repository.ts';

/**
 * The organization's interpreters, to assign to a session. What an interpreter sees of their
 * own sessions is in sessions/session.routes.ts (`/api/interpreter/sessions`).
 */
export const interpreterRoutes =
  (deps: { db: Database }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/interpreters',
      {
        schema: {
          summary:
            "The organization's interpreters, to assign to a session (therapists and admins)",
          tags: ['interpreters'],
          response: { 200: interpreterOptionsSchema },
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
  };
