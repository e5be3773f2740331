import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  reflectionNoteSchema,
  reflectionsSchema,
  saveReflectionBodySchema,
} from '../../core/api/reflection-note.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { ReflectionNote } from './reflection-note.repository.ts';
import { getReflection, saveReflection } from './reflection-note.service.ts';

const toNote = (n: ReflectionNote) => ({
  id: n.id,
  authorId: n.authorId,
  body: n.body,
  sharedWithSupervisor: n.sharedWithSupervisor,
  updatedAt: n.updatedAt,
});

const tags = ['sessions'];
const params = z.object({ sessionId: z.uuid() });

export const reflectionNoteRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sessions/:sessionId/reflection',
      {
        schema: {
          summary:
            'Your private reflection on a session, and those your supervisees shared with you',
          tags,
          params,
          response: { 200: reflectionsSchema },
        },
      },
      async (request, reply) => {
        const view = await getReflection(
          deps,
          requireStaff(request),
          request.params.sessionId,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return { own: view.own && toNote(view.own), shared: view.shared.map(toNote) };
      },
    );

    app.put(
      '/api/sessions/:sessionId/reflection',
      {
        schema: {
          summary: 'Write your private reflection on a session (therapists on the case)',
          tags,
          params,
          body: saveReflectionBodySchema,
          response: { 200: reflectionNoteSchema },
        },
      },
      async (request) =>
        toNote(
          await saveReflection(
            deps,
            requireStaff(request),
            request.params.sessionId,
            request.body,
            requestOrigin(request),
          ),
        ),
    );
  };
