import type { FastifyInstance } from 'fastify';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route writes its own 'denied' audit rows (with its own action name). */
    auditsOwnDenials?: boolean;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A signed-in person turned away from a staff route (403, or 404 for a record outside their
 * reach) leaves an 'access.denied' row in the audit trail: who, which route, which record,
 * from where — so an admin can see someone probing cases that are not theirs. The entity is
 * `route` with the route's pattern in the details and the id of the record in the path;
 * only the pattern and an id of the right shape are written, never the raw path (it is the
 * caller's free text) or a body.
 */
export function installDenialAudit(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 403 && reply.statusCode !== 404) return;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/public/')) return;
    const auth = request.authentication;
    const route = request.routeOptions.url;
    if (!auth || !route || request.routeOptions.config?.auditsOwnDenials) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const entityId = Object.values(params).find(
      (value): value is string => typeof value === 'string' && UUID.test(value),
    );
    try {
      const { organizationId, staffUserId } = auth.session;
      await recordStaffAudit(
        deps.db,
        deps.clock,
        { organizationId, userId: staffUserId },
        { ip: request.ip, requestId: String(request.id) },
        {
          action: 'access.denied',
          entityType: 'route',
          entityId: entityId ?? null,
          outcome: 'denied',
          details: { route, method: request.method, status: reply.statusCode },
        },
      );
    } catch (error) {
      // The answer has gone; a failed audit write is logged (without the path) and retried
      // by nobody, like any other write failing after a response.
      request.log.error({ err: error }, 'could not audit a denied request');
    }
  });
}
