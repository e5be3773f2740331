import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type AppErrorCode, isAppError } from '../../core/app-error.ts';
import { problemFor } from './problem.ts';

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  code: AppErrorCode,
  detail: string,
  errors?: { path: string; message: string }[],
  extensions?: Readonly<Record<string, string>>,
) {
  const problem = problemFor(code, detail, String(request.id), errors, extensions);
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** The one place where errors become HTTP answers. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      return send(reply, request, error.code, error.message, [...error.issues], error.extensions);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is not valid',
      }));
      return send(reply, request, 'validation', 'Some fields are not valid.', errors);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, request, 'payload_too_large', 'The request body is too large.');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, and so on.
      return send(
        reply,
        request,
        error.statusCode === 404 ? 'not_found' : 'bad_request',
        error.code
          ? `The request could not be read (${error.code}).`
          : 'The request could not be read.',
      );
    }
    // The message of an unexpected error may quote data (a constraint's key values, say):
    // log only its type, code and stack frames.
    request.log.error(
      {
        errorType: error.name,
        errorCode: error.code,
        stack: error.stack?.split('\n').slice(1).join('\n'),
      },
      'unhandled error',
    );
    return send(
      reply,
      request,
      'internal',
      'Something went wrong on our side; it has been logged.',
    );
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 'not_found', 'There is nothing at this address.'),
  );
}
