import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type SessionRequestDeps,
  listSessionRequests,
  showRequestLink,
} from './session-requests.service.ts';

const tags = ['questionnaire'];

const requestSchema = z.object({
  id: z.string(),
  respondentKind: z.enum(['client', 'therapist']),
  respondentName: z.string(),
  instruments: z.array(z.string()),
  status: z.enum(['open', 'completed', 'expired', 'revoked']),
  expiresAt: z.string(),
  completedAt: z.string().nullable(),
  mine: z.boolean(),
  language: z.string(),
  untranslated: z.array(z.string()),
});

/** A session's questionnaire requests and, for its therapists, a client's link to show. */
export const sessionRequestRoutes =
  (deps: SessionRequestDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sessions/:sessionId/requests',
      {
        schema: {
          summary: "A session's questionnaire requests (its case's therapists and supervisors)",
          tags,
          params: z.object({ sessionId: z.uuid() }),
          response: {
            200: z.object({
              sessionId: z.string(),
              access: z.enum(['write', 'read']),
              requests: z.array(requestSchema),
            }),
          },
        },
      },
      async (request) =>
        listSessionRequests(
          deps,
          requireStaff(request),
          request.params.sessionId,
          requestOrigin(request),
        ),
    );

    app.post(
      '/api/requests/:requestId/link',
      {
        schema: {
          summary: "An open client request's link, for a QR code or a copy (its therapists only)",
          tags,
          params: z.object({ requestId: z.uuid() }),
          response: {
            200: z.object({ requestId: z.string(), url: z.string(), expiresAt: z.string() }),
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return showRequestLink(
          deps,
          requireStaff(request),
          request.params.requestId,
          requestOrigin(request),
        );
      },
    );
  };
