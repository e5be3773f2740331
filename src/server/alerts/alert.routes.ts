import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type AlertView,
  alertSchema,
  caseAlertsSchema,
  resolveAlertBodySchema,
} from '../../core/api/alert.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { Alert } from './alert.repository.ts';
import { acknowledgeAlert, listCaseAlerts, resolveAlert } from './alert.service.ts';

export const toAlertBody = (a: Alert): AlertView => ({
  id: a.id,
  caseId: a.caseId,
  type: a.type,
  severity: a.severity,
  findingStatus: a.findingStatus,
  status: a.status,
  session: a.session,
  latestSession: a.latestSession,
  respondentIds: a.respondentIds,
  rule: a.rule,
  parameters: a.parameters as Record<string, unknown>,
  evidence: a.evidence as Record<string, unknown>,
  explanation: a.explanation,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  acknowledgedBy: a.acknowledgedBy,
  acknowledgedAt: a.acknowledgedAt,
  resolvedBy: a.resolvedBy,
  resolvedAt: a.resolvedAt,
  resolution: a.resolution,
  resolutionNote: a.resolutionNote,
});

const tags = ['alerts'];
const alertParams = z.object({ alertId: z.uuid() });

export const alertRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId/alerts',
      {
        schema: {
          summary: "A case's alerts, with their evidence (its therapists and their supervisors)",
          tags,
          params: z.object({ caseId: z.uuid() }),
          response: {
            200: caseAlertsSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await listCaseAlerts(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return {
          access: result.access,
          alerts: result.alerts.map(toAlertBody),
          members: result.members,
          mailsToYou: result.mailsToYou,
        };
      },
    );

    app.post(
      '/api/alerts/:alertId/acknowledge',
      {
        schema: {
          summary: 'Acknowledge an alert (therapists on the case)',
          tags,
          params: alertParams,
          response: { 200: alertSchema },
        },
      },
      async (request) =>
        toAlertBody(
          await acknowledgeAlert(
            deps.db,
            deps.clock,
            requireStaff(request),
            request.params.alertId,
            requestOrigin(request),
          ),
        ),
    );

    app.post(
      '/api/alerts/:alertId/resolve',
      {
        schema: {
          summary: 'Resolve an alert, with an optional note (therapists on the case)',
          tags,
          params: alertParams,
          body: resolveAlertBodySchema,
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const note = request.body?.note;
        return toAlertBody(
          await resolveAlert(
            deps.db,
            deps.clock,
            requireStaff(request),
            request.params.alertId,
            note ? note : null,
            requestOrigin(request),
          ),
        );
      },
    );
  };
