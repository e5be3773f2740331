import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  clientChangesSchema,
  clientHistorySchema,
  clientListSchema,
  clientSchema,
  newClientSchema,
} from '../../core/api/clients.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { ClientRecord } from './client.repository.ts';
import {
  type ClientDeps,
  changeClient,
  createClient,
  listClients,
  readClient,
} from './client.service.ts';

const tags = ['clients'];
const params = z.object({ clientId: z.uuid() });

const toClient = (c: ClientRecord): z.infer<typeof clientSchema> => ({
  id: c.id,
  clinicId: c.clinicId,
  givenName: c.givenName,
  familyName: c.familyName,
  preferredName: c.preferredName,
  dateOfBirth: c.dateOfBirth,
  birthYear: c.birthYear,
  email: c.email,
  mobile: c.mobile,
  preferredLanguage: c.preferredLanguage,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/**
 * Clients (people): registered by an admin of their clinic, or by a therapist there when the
 * clinic lets therapists open cases. Everyone else: 404 for a client, an empty list.
 */
export const clientRoutes =
  (deps: ClientDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/clients',
      {
        schema: {
          summary: 'Clients of the clinics where you do intake, by name',
          tags,
          querystring: z.strictObject({ q: z.string().trim().max(120).optional() }),
          response: { 200: clientListSchema },
        },
      },
      async (request) => ({
        clients: (
          await listClients(deps, requireStaff(request), request.query.q, requestOrigin(request))
        ).map(toClient),
      }),
    );

    app.post(
      '/api/clients',
      {
        schema: {
          summary:
            'Register a client (409 with duplicateOf when one with the same name and date of birth exists)',
          tags,
          body: newClientSchema,
          response: { 201: clientSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            toClient(
              await createClient(deps, requireStaff(request), request.body, requestOrigin(request)),
            ),
          ),
    );

    app.get(
      '/api/clients/:clientId',
      {
        schema: {
          summary: "A client's record and its history (which fields changed, by whom, when)",
          tags,
          params,
          response: { 200: z.object({ client: clientSchema }).extend(clientHistorySchema.shape) },
        },
      },
      async (request) => {
        const { client, history } = await readClient(
          deps,
          requireStaff(request),
          request.params.clientId,
          requestOrigin(request),
        );
        return { client: toClient(client), history };
      },
    );

    app.patch(
      '/api/clients/:clientId',
      {
        schema: {
          summary: "Change a client's record",
          tags,
          params,
          body: clientChangesSchema,
          response: { 200: clientSchema },
        },
      },
      async (request) =>
        toClient(
          await changeClient(
            deps,
            requireStaff(request),
            request.params.clientId,
            request.body,
            requestOrigin(request),
          ),
        ),
    );
  };
