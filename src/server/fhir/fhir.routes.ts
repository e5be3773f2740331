import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/app-error.ts';
import { capabilityStatement } from '../../core/fhir/capability-statement.ts';
import { toOperationOutcome, toSearchsetBundle } from '../../core/fhir/fhir-bundle.ts';
import {
  FhirSearchError,
  type FhirSearchType,
  encodeCursor,
  parseFhirSearch,
} from '../../core/fhir/fhir-search.ts';
import type { FhirOperationOutcome, FhirResource } from '../../core/fhir/fhir-types.ts';
import { authenticateApiToken } from '../api-tokens/api-token.service.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { FhirReader } from './fhir.repository.ts';
import {
  type FhirDeps,
  type FhirPage,
  readObservation,
  readQuestionnaire,
  readQuestionnaireResponse,
  searchObservations,
  searchQuestionnaireResponses,
  searchQuestionnaires,
} from './fhir.service.ts';

export const FHIR_BASE_PATH = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ACCEPTABLE = new Set(['*/*', 'application/*', 'application/json', 'application/fhir+json']);
const FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

const tags = ['fhir'];
const resourceSchema = z.looseObject({ resourceType: z.string() });
const outcomeSchema = z.looseObject({ resourceType: z.literal('OperationOutcome') });
const errors = { 400: outcomeSchema, 401: outcomeSchema, 404: outcomeSchema, 406: outcomeSchema };
const listParam = z.union([z.string(), z.array(z.string())]).optional();
/** Loose: parameters not named here reach the parser, which refuses them by name (400). */
const searchQuery = (names: readonly string[]) =>
  z.looseObject({
    _count: z.string().optional(),
    _cursor: z.string().optional(),
    _format: z.string().optional(),
    ...Object.fromEntries(names.map((n) => [n, listParam])),
  });
/** Our FHIR types are interfaces without index signatures; the schema only documents them. */
const asResource = (resource: { resourceType: string }) =>
  resource as z.infer<typeof resourceSchema>;

function outcomeFor(error: FastifyError): { status: number; outcome: FhirOperationOutcome } {
  if (error instanceof FhirSearchError)
    return { status: 400, outcome: toOperationOutcome('invalid', error.message) };
  if (isAppError(error)) {
    switch (error.code) {
      case 'unauthorized':
        return { status: 401, outcome: toOperationOutcome('login', error.message) };
      case 'forbidden':
        return { status: 403, outcome: toOperationOutcome('security', error.message) };
      case 'not_found':
        return { status: 404, outcome: toOperationOutcome('not-found', error.message) };
      case 'validation':
      case 'bad_request':
        return { status: 400, outcome: toOperationOutcome('invalid', error.message) };
      default:
        break;
    }
  }
  if (hasZodFastifySchemaValidationErrors(error))
    return { status: 400, outcome: toOperationOutcome('invalid', 'The request is not valid.') };
  if (error.statusCode === 406)
    return { status: 406, outcome: toOperationOutcome('not-supported', error.message) };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return {
      status: error.statusCode,
      outcome: toOperationOutcome('invalid', 'The request could not be read.'),
    };
  return {
    status: 500,
    outcome: toOperationOutcome(
      'exception',
      'Something went wrong on our side; it has been logged.',
    ),
  };
}

/** 406 unless the caller takes JSON: FHIR's XML and RDF formats are not served. */
function negotiate(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  const format = query?._format;
  const formats = format === undefined ? [] : Array.isArray(format) ? format : [format];
  const accept = request.headers.accept;
  const accepted =
    accept === undefined ||
    accept
      .split(',')
      .map((part) => part.split(';')[0]!.trim().toLowerCase())
      .some((type) => ACCEPTABLE.has(type));
  if (!accepted || formats.some((f) => typeof f !== 'string' || !FORMATS.has(f.toLowerCase())))
    throw Object.assign(new Error('Only JSON is served here (application/fhir+json).'), {
      statusCode: 406,
    });
}

/**
 * The FHIR read API (docs/fhir.md): a bearer token when the request has an Authorization
 * header, else the staff session of the cookie; 401 without either.
 */
async function readerOf(deps: FhirDeps, request: FastifyRequest): Promise<FhirReader> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError('unauthorized', 'Authorization must be "Bearer" and a token.');
    const token = await authenticateApiToken(deps, match[1]!, requestOrigin(request));
    return { kind: 'token', token };
  }
  return { kind: 'staff', actor: requireStaff(request) };
}

export const fhirRoutes =
  (deps: FhirDeps & { publicUrl?: string; softwareVersion: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const baseOf = (request: FastifyRequest) =>
      `${deps.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`}${FHIR_BASE_PATH}`;

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, outcome } = outcomeFor(error);
      if (status === 500)
        request.log.error(
          { errorType: error.name, stack: error.stack?.split('\n').slice(1).join('\n') },
          'unhandled error',
        );
      if (status === 401) reply.header('www-authenticate', 'Bearer realm="rapport-fhir"');
      return reply.status(status).type(FHIR_JSON).send(outcome);
    });
    const nothingHere = (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .status(404)
        .type(FHIR_JSON)
        .send(
          toOperationOutcome(
            'not-found',
            'There is nothing at this address; GET metadata lists what is served.',
          ),
        );
    app.setNotFoundHandler(nothingHere);
    // The web app answers every other GET with its page; under /fhir/R4 a wrong path is a 404
    // OperationOutcome instead (a more specific wildcard wins over the web app's).
    app.get('/*', { schema: { hide: true } }, nothingHere);
    app.addHook('preHandler', async (request, reply) => {
      negotiate(request);
      reply.type(FHIR_JSON);
    });

    app.get(
      '/metadata',
      {
        schema: {
          summary: 'The CapabilityStatement: what this FHIR R4 server serves (no sign-in needed)',
          tags,
          querystring: z.looseObject({ _format: z.string().optional() }),
          response: { 200: resourceSchema, 406: outcomeSchema },
        },
      },
      async (request) =>
        asResource(
          capabilityStatement({ base: baseOf(request), softwareVersion: deps.softwareVersion }),
        ),
    );

    const searchRoute = <T extends FhirResource>(
      type: FhirSearchType,
      search: (
        deps: FhirDeps,
        reader: FhirReader,
        s: ReturnType<typeof parseFhirSearch>,
        origin: ReturnType<typeof requestOrigin>,
      ) => Promise<FhirPage<T>>,
      names: readonly string[],
      summary: string,
    ) =>
      app.get(
        `/${type}`,
        {
          schema: {
            summary,
            tags,
            querystring: searchQuery(names),
            response: { 200: resourceSchema, ...errors },
          },
        },
        async (request) => {
          const reader = await readerOf(deps, request);
          const query = request.query as Record<string, string | string[] | undefined>;
          const parsed = parseFhirSearch(type, query);
          const result = await search(deps, reader, parsed, requestOrigin(request));
          const base = baseOf(request);
          const self = new URLSearchParams();
          for (const [name, value] of Object.entries(query))
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              self.append(name, v);
          const next = new URLSearchParams(self);
          next.delete('_cursor');
          next.set('_count', String(parsed.count));
          if (result.next) next.set('_cursor', encodeCursor(result.next.date, result.next.id));
          const link = (params: URLSearchParams) =>
            `${base}/${type}${params.size > 0 ? `?${params.toString()}` : ''}`;
          return asResource(
            toSearchsetBundle(base, result.resources, {
              self: link(self),
              ...(result.next && { next: link(next) }),
            }),
          );
        },
      );

    const readRoute = <T extends FhirResource>(
      type: FhirSearchType,
      param: 'questionnaireId' | 'responseId' | 'observationId',
      read: (
        deps: FhirDeps,
        reader: FhirReader,
        id: string,
        origin: ReturnType<typeof requestOrigin>,
      ) => Promise<T>,
      summary: string,
    ) =>
      app.get(
        `/${type}/:${param}`,
        {
          schema: {
            summary,
            tags,
            params: z.object({ [param]: z.string() }),
            querystring: z.looseObject({ _format: z.string().optional() }),
            response: { 200: resourceSchema, ...errors },
          },
        },
        async (request) =>
          asResource(
            await read(
              deps,
              await readerOf(deps, request),
              (request.params as Record<string, string>)[param]!,
              requestOrigin(request),
            ),
          ),
      );

    searchRoute(
      'Questionnaire',
      searchQuestionnaires,
      ['url', 'version'],
      "Search the organization's instruments as FHIR Questionnaires, by url and version",
    );
    readRoute(
      'Questionnaire',
      'questionnaireId',
      readQuestionnaire,
      'An instrument as a FHIR Questionnaire',
    );
    searchRoute(
      'QuestionnaireResponse',
      searchQuestionnaireResponses,
      ['subject', 'date'],
      "Search the clients' answers you may read, by subject and date (ge, le), in pages",
    );
    readRoute(
      'QuestionnaireResponse',
      'responseId',
      readQuestionnaireResponse,
      "A client's answers to one form as a FHIR QuestionnaireResponse",
    );
    searchRoute(
      'Observation',
      searchObservations,
      ['subject', 'date', 'code'],
      "Search the clients' scores you may read, by subject, date (ge, le) and code, in pages",
    );
    readRoute(
      'Observation',
      'observationId',
      readObservation,
      'One scale score as a FHIR Observation',
    );
  };
