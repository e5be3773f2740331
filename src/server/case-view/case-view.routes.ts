import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { readCaseView } from './case-view.service.ts';

const seriesPoint = {
  sessionNumber: z.number(),
  value: z.number(),
  itemMean: z.number().nullable(),
  band: z.string().nullable(),
};
const range = z.object({ min: z.number(), max: z.number() });

/** The answer's schema: what is not named here never leaves the server. */
const caseViewSchema = z.object({
  case: z.object({
    id: z.string(),
    reference: z.string(),
    type: z.enum(['individual', 'couple', 'family']),
    status: z.enum(['active', 'paused', 'closed']),
    presentingConcerns: z.array(z.string()),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    clinicName: z.string(),
    timeZone: z.string(),
  }),
  access: z.enum(['write', 'read']),
  members: z.array(
    z.object({ clientId: z.string(), displayName: z.string(), relationship: z.string() }),
  ),
  therapists: z.array(
    z.object({ staffUserId: z.string(), displayName: z.string(), isPrimary: z.boolean() }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      startsAt: z.string(),
      endsAt: z.string(),
      attendance: z.enum(['scheduled', 'attended', 'cancelled', 'no-show']),
      modality: z.enum(['in-person', 'video', 'phone']),
      language: z.string(),
      interpreterName: z.string().nullable(),
      forms: z.array(
        z.object({
          respondentKind: z.enum(['client', 'therapist']),
          respondentId: z.string(),
          respondentName: z.string(),
          instruments: z.array(z.string()),
          state: z.enum(['open', 'completed', 'expired', 'revoked']),
          expiresAt: z.string(),
          completedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
  alliance: z.array(
    z.object({
      instrumentId: z.string(),
      instrumentTitle: z.string(),
      side: z.enum(['client', 'therapist']),
      respondentId: z.string(),
      respondentName: z.string(),
      scale: z.enum(['total', 'goal', 'task', 'bond']),
      range,
      points: z.array(z.object(seriesPoint)),
    }),
  ),
  outcomes: z.array(
    z.object({
      instrumentId: z.string(),
      instrumentTitle: z.string(),
      respondentId: z.string(),
      respondentName: z.string(),
      scale: z.literal('total'),
      range,
      higherIsBetter: z.boolean(),
      cutOffs: z.array(
        z.object({
          id: z.string(),
          operator: z.string(),
          value: z.number(),
          description: z.string(),
        }),
      ),
      reliableChangeParameters: z
        .object({ sd: z.number(), reliability: z.number(), criterion: z.number() })
        .nullable(),
      points: z.array(
        z.object({
          ...seriesPoint,
          reliableChange: z
            .object({ rc: z.number(), direction: z.enum(['improved', 'deteriorated']) })
            .nullable(),
        }),
      ),
    }),
  ),
  ruptures: z.array(
    z.object({
      alertId: z.string(),
      kind: z.enum(['score-drop', 'self-reported']),
      onsetSession: z.number(),
      respondentKind: z.enum(['client', 'therapist']),
      respondentId: z.string(),
      respondentName: z.string(),
      scale: z.enum(['total', 'goal', 'task', 'bond']),
      status: z.enum(['open', 'repaired', 'unresolved']),
      repairedAtSession: z.number().nullable(),
    }),
  ),
  // No description: the event's free text stays on the rupture-events route.
  ruptureEvents: z.array(
    z.object({
      id: z.string(),
      sessionNumber: z.number(),
      outcome: z.enum(['resolved', 'partly', 'unresolved']),
      markers: z.array(z.enum(['withdrawal', 'confrontation'])),
      alertId: z.string().nullable(),
    }),
  ),
});

export const caseViewRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId',
      {
        // readCaseView audits every attempt itself, as 'case.read'.
        config: { auditsOwnDenials: true },
        schema: {
          summary:
            'One case: people, sessions with their forms, alliance and outcome series, ruptures and repairs (404 outside your reach)',
          tags: ['cases'],
          // Any string: a malformed id answers 404 like an unknown one, not 400.
          params: z.object({ caseId: z.string().max(200) }),
          response: { 200: caseViewSchema },
        },
      },
      async (request) =>
        readCaseView(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        ),
    );
  };
