import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { readCaseload } from './caseload.service.ts';

const latestTotal = z.object({
  respondentId: z.string(),
  displayName: z.string(),
  instrumentId: z.string(),
  sessionNumber: z.number(),
  value: z.number(),
});

/** The answer's schema: what is not named here never leaves the server. */
const caseloadSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      type: z.enum(['individual', 'couple', 'family']),
      access: z.enum(['write', 'read']),
      members: z.array(z.object({ clientId: z.string(), displayName: z.string() })),
      therapists: z.array(z.object({ staffUserId: z.string(), displayName: z.string() })),
      timeZone: z.string(),
      attendedSessions: z.number(),
      clientAlliance: z.array(latestTotal),
      therapistAlliance: z.array(latestTotal),
      allianceTrend: z.array(z.object({ sessionNumber: z.number(), value: z.number() })),
      outstandingForms: z.number(),
      openAlerts: z.number(),
      urgentAlerts: z.number(),
      attention: z.enum(['urgent', 'rupture', 'alert', 'forms', 'none']),
      nextSession: z.object({ number: z.number(), startsAt: z.string() }).nullable(),
    }),
  ),
});

export const caseloadRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/caseload',
      {
        schema: {
          summary:
            "The signed-in therapist's active cases, and their supervisees' cases (read-only) for a supervisor, most in need of attention first",
          tags: ['cases'],
          response: { 200: caseloadSchema },
        },
      },
      async (request) =>
        readCaseload(deps.db, deps.clock, requireStaff(request), requestOrigin(request)),
    );
  };
