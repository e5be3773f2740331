import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { authRoutes } from './auth/auth.routes.ts';
import { type AuthSettings, defaultAuthSettings } from './auth/auth-settings.ts';
import type { Clock } from './clock.ts';
import type { Database, Dialect } from './db/database.ts';
import { healthRoutes } from './health/health.routes.ts';
import { installAuthentication } from './http/authenticate.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { loggerOptions } from './http/logger-options.ts';
import { organizationRoutes } from './organizations/organization.routes.ts';
import { webAppRoutes } from './http/web-app.routes.ts';

export interface AppDeps {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  logLevel?: string;
  /** Where logs go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** Sign-in settings (mode, timeouts, limits); defaults: two factors, 30 min idle, 12 h. */
  auth?: AuthSettings;
  /** Fastify's trustProxy: which proxies may say who the client is (default none). */
  trustProxy?: string;
}

/** Builds the HTTP app without listening, so tests can use `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      ...loggerOptions(deps.logLevel ?? 'silent'),
      ...(deps.logStream && { stream: deps.logStream }),
    },
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const authDeps = { db: deps.db, clock: deps.clock, settings: deps.auth ?? defaultAuthSettings };
  await installAuthentication(app, authDeps);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Rapport API',
        version: '0.1.0',
        description: 'Alliance-informed psychotherapy: measurement, alerts and research.',
      },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes(deps.db));
  await app.register(organizationRoutes(deps.db));
  await app.register(authRoutes(authDeps));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(webAppRoutes);

  await app.ready();
  return app;
}
