import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestLinkSchema, sessionRequestsSchema } from '../../core/api/session-requests.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type SessionRequestDeps,
  listSessionRequests,
  showRequestLink,
} from './session-requests.service.ts';

const tags = ['questionnaire'];

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
          response: { 200: sessionRequestsSchema },
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
          response: { 200: requestLinkSchema },
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
