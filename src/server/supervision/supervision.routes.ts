import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addSupervisionNoteBodySchema,
  supervisionNoteSchema,
  supervisionNotesSchema,
  supervisionQueueSchema,
} from '../../core/api/supervision.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  addSupervisionNote,
  getSupervisionQueue,
  listCaseSupervisionNotes,
} from './supervision.service.ts';

const tags = ['supervision'];
const params = z.object({ caseId: z.uuid() });

export const supervisionRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/supervision/queue',
      {
        schema: {
          summary: "Your supervisees' open alerts and the sessions they flagged for supervision",
          tags,
          response: { 200: supervisionQueueSchema },
        },
      },
      async (request, reply) => {
        const queue = await getSupervisionQueue(
          deps.db,
          deps.clock,
          requireStaff(request),
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return queue;
      },
    );

    app.get(
      '/api/cases/:caseId/supervision-notes',
      {
        schema: {
          summary: "A case's supervision notes (its therapists and their supervisors)",
          tags,
          params,
          response: { 200: supervisionNotesSchema },
        },
      },
      async (request, reply) => {
        const result = await listCaseSupervisionNotes(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return result;
      },
    );

    app.post(
      '/api/cases/:caseId/supervision-notes',
      {
        schema: {
          summary: 'Add a supervision note to a case (its therapists and their supervisors)',
          tags,
          params,
          body: addSupervisionNoteBodySchema,
          response: { 201: supervisionNoteSchema },
        },
      },
      async (request, reply) => {
        const note = await addSupervisionNote(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          request.body,
          requestOrigin(request),
        );
        reply.code(201);
        return note;
      },
    );
  };
