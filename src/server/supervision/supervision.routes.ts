import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { findingMessageSchema } from '../../core/api/finding-message.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  addSupervisionNote,
  getSupervisionQueue,
  listCaseSupervisionNotes,
} from './supervision.service.ts';

const queueSchema = z.object({
  alerts: z.array(
    z.object({
      alertId: z.string(),
      caseId: z.string(),
      caseReference: z.string(),
      type: z.string(),
      severity: z.enum(['warning', 'urgent']),
      status: z.enum(['open', 'acknowledged']),
      latestSession: z.number(),
      explanation: findingMessageSchema,
      updatedAt: z.string(),
    }),
  ),
  flaggedSessions: z.array(
    z.object({
      ruptureEventId: z.string(),
      caseId: z.string(),
      caseReference: z.string(),
      sessionNumber: z.number(),
      outcome: z.string(),
      recordedBy: z.string(),
      recordedByName: z.string(),
      createdAt: z.string(),
    }),
  ),
});

const noteSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  sessionId: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});

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
          response: { 200: queueSchema },
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
          response: { 200: z.object({ notes: z.array(noteSchema), timeZone: z.string() }) },
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
          body: z.strictObject({
            body: z.string().trim().min(1).max(8000),
            sessionId: z.uuid().optional(),
          }),
          response: { 201: noteSchema },
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
