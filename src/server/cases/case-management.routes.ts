import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseListQuerySchema,
  caseListSchema,
  caseRecordSchema,
  closeCaseSchema,
  intakeClinicsSchema,
  intakeSettingsSchema,
  newCaseSchema,
  transferCaseSchema,
} from '../../core/api/cases.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { CaseRecord } from './case.repository.ts';
import {
  type CaseManagementDeps,
  changeIntakeSettings,
  closeCase,
  listCases,
  listIntakeOptions,
  openCase,
  readCaseRecord,
  readIntakeSettings,
  reopenCase,
  transferCase,
} from './case-management.service.ts';

const tags = ['cases'];
const params = z.object({ caseId: z.uuid() });

const toRecord = (c: CaseRecord): z.infer<typeof caseRecordSchema> => ({
  id: c.id,
  reference: c.reference,
  clinicId: c.clinicId,
  structure: c.type,
  caseType: c.caseType,
  presentingConcerns: c.presentingConcerns,
  status: c.status,
  openedAt: c.openedAt,
  closedAt: c.closedAt,
  closedReason: c.closedReason,
  members: c.members,
  therapists: c.therapists,
});

/** Opening and managing cases: administrative fields only (docs/access-policy.md, "Intake"). */
export const caseManagementRoutes =
  (deps: CaseManagementDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/intake/clinics',
      {
        schema: {
          summary:
            'Clinics where you register clients and open cases, with their case types, concerns and therapists',
          tags,
          response: { 200: intakeClinicsSchema },
        },
      },
      async (request) => ({ clinics: await listIntakeOptions(deps, requireStaff(request)) }),
    );

    app.get(
      '/api/case-records',
      {
        schema: {
          summary: 'Cases you manage or work on, by status (closed by default), with a search',
          tags,
          querystring: caseListQuerySchema,
          response: { 200: caseListSchema },
        },
      },
      async (request) => ({
        cases: (
          await listCases(
            deps,
            requireStaff(request),
            { status: request.query.status, search: request.query.q },
            requestOrigin(request),
          )
        ).map(toRecord),
      }),
    );

    app.post(
      '/api/case-records',
      {
        schema: {
          summary: 'Open a case: type, concerns, members with their relation, therapists',
          tags,
          body: newCaseSchema,
          response: { 201: caseRecordSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            toRecord(
              await openCase(deps, requireStaff(request), request.body, requestOrigin(request)),
            ),
          ),
    );

    app.get(
      '/api/case-records/:caseId',
      {
        schema: {
          summary: "A case's administrative record (no scores, answers or notes)",
          tags,
          params,
          response: { 200: caseRecordSchema },
        },
      },
      async (request) =>
        toRecord(
          await readCaseRecord(
            deps,
            requireStaff(request),
            request.params.caseId,
            requestOrigin(request),
          ),
        ),
    );

    app.post(
      '/api/case-records/:caseId/close',
      {
        schema: {
          summary: 'Close a case with a reason; its open questionnaire links stop working',
          tags,
          params,
          body: closeCaseSchema,
          response: { 200: caseRecordSchema },
        },
      },
      async (request) =>
        toRecord(
          await closeCase(
            deps,
            requireStaff(request),
            request.params.caseId,
            request.body.reason,
            requestOrigin(request),
          ),
        ),
    );

    app.post(
      '/api/case-records/:caseId/reopen',
      {
        schema: {
          summary: 'Reopen a closed case',
          tags,
          params,
          response: { 200: caseRecordSchema },
        },
      },
      async (request) =>
        toRecord(
          await reopenCase(
            deps,
            requireStaff(request),
            request.params.caseId,
            requestOrigin(request),
          ),
        ),
    );

    app.post(
      '/api/case-records/:caseId/transfer',
      {
        schema: {
          summary: 'Hand a case from one of its therapists to another therapist of its clinic',
          tags,
          params,
          body: transferCaseSchema,
          response: { 200: caseRecordSchema },
        },
      },
      async (request) =>
        toRecord(
          await transferCase(
            deps,
            requireStaff(request),
            request.params.caseId,
            request.body,
            requestOrigin(request),
          ),
        ),
    );

    app.get(
      '/api/admin/clinics/:clinicId/intake-settings',
      {
        schema: {
          summary: "A clinic's case types, presenting concerns and whether therapists open cases",
          tags: ['admin'],
          params: z.object({ clinicId: z.uuid() }),
          response: { 200: intakeSettingsSchema },
        },
      },
      async (request) => readIntakeSettings(deps, requireStaff(request), request.params.clinicId),
    );

    app.put(
      '/api/admin/clinics/:clinicId/intake-settings',
      {
        schema: {
          summary:
            "Set a clinic's case types, presenting concerns and whether therapists open cases",
          tags: ['admin'],
          params: z.object({ clinicId: z.uuid() }),
          body: intakeSettingsSchema,
          response: { 200: intakeSettingsSchema },
        },
      },
      async (request) =>
        changeIntakeSettings(
          deps,
          requireStaff(request),
          request.params.clinicId,
          request.body,
          requestOrigin(request),
        ),
    );
  };
