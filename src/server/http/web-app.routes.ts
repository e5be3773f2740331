import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/**
 * Serves the built web app (`npm run build`); any non-API path gets index.html so the
 * client-side router can take it. Without a build, API and health still work.
 */
export const webAppRoutes: FastifyPluginAsync = async (app) => {
  if (!existsSync(`${WEB_DIST}/index.html`)) return;
  await app.register(fastifyStatic, { root: WEB_DIST, index: 'index.html', wildcard: false });
  // The client's questionnaire is its own small page (questionnaire.html): a phone never
  // loads the staff app. Never cached, and no referrer, like its API.
  app.get('/questionnaire', { schema: { hide: true } }, (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .sendFile('questionnaire.html'),
  );
  // The consent and receipt pages (consent.html): their token is in the fragment.
  for (const path of ['/consent', '/consent/receipt'])
    app.get(path, { schema: { hide: true } }, (_request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .sendFile('consent.html'),
    );
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-store').sendFile('index.html');
  });
};
