import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiTokenSchema,
  apiTokensSchema,
  issueApiTokenBodySchema,
  issuedApiTokenSchema,
} from '../../core/api/api-tokens.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type ApiTokenDeps,
  issueApiToken,
  listClinicApiTokens,
  revokeApiToken,
} from './api-token.service.ts';

const tags = ['admin'];

/** Read-only FHIR API tokens (admins of a clinic only; 403 for everyone else). */
export const apiTokenRoutes =
  (deps: ApiTokenDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/api-tokens',
      {
        schema: {
          summary:
            'The FHIR API tokens of the clinics you administer (never the tokens themselves)',
          tags,
          response: { 200: apiTokensSchema },
        },
      },
      async (request) => ({
        tokens: await listClinicApiTokens(deps, requireStaff(request), requestOrigin(request)),
      }),
    );

    app.post(
      '/api/admin/api-tokens',
      {
        schema: {
          summary:
            'Issue a read-only FHIR API token for the clinics you administer; the token is shown only in this answer',
          tags,
          body: issueApiTokenBodySchema,
          response: { 201: issuedApiTokenSchema },
        },
      },
      async (request, reply) => {
        const issued = await issueApiToken(
          deps,
          requireStaff(request),
          request.body,
          requestOrigin(request),
        );
        return reply.status(201).send(issued);
      },
    );

    app.post(
      '/api/admin/api-tokens/:tokenId/revoke',
      {
        schema: {
          summary: 'Revoke a FHIR API token of a clinic you administer',
          tags,
          params: z.object({ tokenId: z.uuid() }),
          response: { 200: apiTokenSchema },
        },
      },
      async (request) =>
        revokeApiToken(deps, requireStaff(request), request.params.tokenId, requestOrigin(request)),
    );
  };
