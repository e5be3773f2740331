import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type StaffView,
  adminOverviewSchema,
  auditPageSchema,
  auditQuerySchema,
  clinicSchema,
  clinicsSchema,
  createClinicBodySchema,
  createPlanBodySchema,
  createStaffBodySchema,
  planPreviewBodySchema,
  planPreviewSchema,
  planSchema,
  plansSchema,
  setRolesBodySchema,
  staffListSchema,
  staffSchema,
  staffStatusBodySchema,
  supervisionPairSchema,
  supervisionPairsSchema,
  updateClinicBodySchema,
} from '../../core/api/admin.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { MeasurementPlan } from '../measurement/measurement-plan.repository.ts';
import {
  type AdminDeps,
  addPlanVersion,
  addStaff,
  changeClinic,
  changeSupervision,
  createClinic,
  listAdminClinics,
  listClinicPlans,
  listClinicStaff,
  listSupervision,
  readAuditTrail,
  readAdminOverview,
  readMailStatus,
  resetColleagueSecondFactor,
  setRolesAtClinic,
  setStaffAccountStatus,
} from './admin.service.ts';
import { listPlanInstruments } from './plan-instruments.service.ts';
import { previewPlan } from './plan-preview.service.ts';

const tags = ['admin'];
const toPlan = (p: MeasurementPlan) => ({
  id: p.id,
  clinicId: p.clinicId,
  caseType: p.caseType,
  name: p.name,
  entries: p.entries,
  effectiveFrom: p.effectiveFrom,
  createdBy: p.createdBy,
});
const toStaff = (s: StaffView): StaffView => ({
  id: s.id,
  email: s.email,
  displayName: s.displayName,
  status: s.status,
  roles: s.roles,
});

/** Clinic administration (admins of a clinic only; 403 for everyone else). */
export const adminRoutes =
  (deps: AdminDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/clinics',
      {
        schema: {
          summary: 'The clinics you administer',
          tags,
          response: { 200: clinicsSchema },
        },
      },
      async (request) => ({ clinics: await listAdminClinics(deps, requireStaff(request)) }),
    );

    app.post(
      '/api/admin/clinics',
      {
        schema: {
          summary: 'Add a clinic (site) to your organization; you become its admin',
          tags,
          body: createClinicBodySchema,
          response: { 201: clinicSchema },
        },
      },
      async (request, reply) => {
        const clinic = await createClinic(
          deps,
          requireStaff(request),
          request.body,
          requestOrigin(request),
        );
        return reply
          .status(201)
          .send({ id: clinic.id, name: clinic.name, timeZone: clinic.timeZone });
      },
    );

    app.patch(
      '/api/admin/clinics/:clinicId',
      {
        schema: {
          summary: 'Rename a clinic or change its time zone',
          tags,
          params: z.object({ clinicId: z.uuid() }),
          body: updateClinicBodySchema,
          response: { 200: clinicSchema },
        },
      },
      async (request) => {
        const clinic = await changeClinic(
          deps,
          requireStaff(request),
          request.params.clinicId,
          request.body,
          requestOrigin(request),
        );
        return { id: clinic.id, name: clinic.name, timeZone: clinic.timeZone };
      },
    );

    app.get(
      '/api/admin/staff',
      {
        schema: {
          summary: 'Staff of your clinics, with their roles there',
          tags,
          response: { 200: staffListSchema },
        },
      },
      async (request) => ({
        staff: (await listClinicStaff(deps, requireStaff(request))).map(toStaff),
      }),
    );

    app.post(
      '/api/admin/staff',
      {
        schema: {
          summary: 'Create a staff account with a role at one of your clinics',
          tags,
          body: createStaffBodySchema,
          response: { 201: staffSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(toStaff(await addStaff(deps, requireStaff(request), request.body))),
    );

    app.put(
      '/api/admin/staff/:staffId/roles',
      {
        schema: {
          summary: "Set a person's roles at one of your clinics",
          tags,
          params: z.object({ staffId: z.uuid() }),
          body: setRolesBodySchema,
          response: { 200: staffSchema },
        },
      },
      async (request) =>
        toStaff(
          await setRolesAtClinic(
            deps,
            requireStaff(request),
            request.params.staffId,
            request.body,
            requestOrigin(request),
          ),
        ),
    );

    app.patch(
      '/api/admin/staff/:staffId',
      {
        schema: {
          summary: 'Disable or re-enable a staff account (disabling signs them out)',
          tags,
          params: z.object({ staffId: z.uuid() }),
          body: staffStatusBodySchema,
        },
      },
      async (request, reply) => {
        await setStaffAccountStatus(
          deps,
          requireStaff(request),
          request.params.staffId,
          request.body.status,
          requestOrigin(request),
        );
        return reply.status(204).send();
      },
    );

    app.delete(
      '/api/admin/staff/:staffId/second-factor',
      {
        schema: {
          summary:
            "Reset a colleague's second factor: their sessions end, recovery codes are void, they set up an app again (needs your own code within 15 minutes)",
          tags,
          params: z.object({ staffId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await resetColleagueSecondFactor(
          deps,
          requireStaff(request),
          request.params.staffId,
          requestOrigin(request),
        );
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/admin/supervision',
      {
        schema: {
          summary: 'Who supervises whom, among the staff of your clinics',
          tags,
          response: { 200: supervisionPairsSchema },
        },
      },
      async (request) => ({ pairs: await listSupervision(deps, requireStaff(request)) }),
    );

    app.post(
      '/api/admin/supervision',
      {
        schema: {
          summary: 'Assign a supervisor to a therapist',
          tags,
          body: supervisionPairSchema.strict(),
        },
      },
      async (request, reply) => {
        await changeSupervision(
          deps,
          requireStaff(request),
          request.body,
          'add',
          requestOrigin(request),
        );
        return reply.status(204).send();
      },
    );

    app.delete(
      '/api/admin/supervision/:supervisorId/:superviseeId',
      {
        schema: {
          summary: 'End a supervision assignment',
          tags,
          params: supervisionPairSchema,
        },
      },
      async (request, reply) => {
        await changeSupervision(
          deps,
          requireStaff(request),
          request.params,
          'remove',
          requestOrigin(request),
        );
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/admin/measurement-plans',
      {
        schema: {
          summary: 'Measurement plans of your clinics (every version), and the instruments to use',
          tags,
          response: { 200: plansSchema },
        },
      },
      async (request) => {
        const actor = requireStaff(request);
        const plans = await listClinicPlans(deps, actor);
        return {
          plans: plans.map(toPlan),
          instruments: await listPlanInstruments(deps.db, actor.organizationId),
        };
      },
    );

    app.post(
      '/api/admin/measurement-plans',
      {
        schema: {
          summary: 'A new plan version for a clinic (and case type), in force from now',
          tags,
          body: createPlanBodySchema,
          response: { 201: planSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            toPlan(
              await addPlanVersion(
                deps,
                requireStaff(request),
                request.body,
                requestOrigin(request),
              ),
            ),
          ),
    );

    app.post(
      '/api/admin/measurement-plans/preview',
      {
        schema: {
          summary:
            'What a draft plan would ask each respondent after sessions 1–10 of a new case, with minutes and missing languages (nothing is stored)',
          tags,
          body: planPreviewBodySchema,
          response: { 200: planPreviewSchema },
        },
      },
      async (request) => previewPlan(deps, requireStaff(request), request.body),
    );

    app.get(
      '/api/admin/overview',
      {
        schema: {
          summary: 'Your clinics and what needs doing there (the admin home)',
          tags,
          response: { 200: adminOverviewSchema },
        },
      },
      async (request) => readAdminOverview(deps, requireStaff(request)),
    );

    app.get(
      '/api/admin/mail-status',
      {
        schema: {
          summary: "How many of your organization's mails were not sent, and why",
          tags,
          response: { 200: z.object({ notSentNoMailServer: z.number().int() }) },
        },
      },
      async (request) => readMailStatus(deps, requireStaff(request)),
    );

    app.get(
      '/api/admin/audit',
      {
        schema: {
          summary: "Your organization's audit trail, newest first, a page at a time",
          tags,
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await readAuditTrail(
          deps,
          requireStaff(request),
          {
            ...q,
            from: q.from && new Date(q.from).toISOString(),
            to: q.to && new Date(q.to).toISOString(),
          },
          requestOrigin(request),
        );
        return {
          events: page.events.map((e) => ({
            id: e.id,
            occurredAt: e.occurredAt,
            actorType: e.actorType,
            actorId: e.actorId,
            action: e.action,
            entityType: e.entityType,
            entityId: e.entityId,
            outcome: e.outcome,
            ip: e.ip,
            requestId: e.requestId,
            details: e.details,
          })),
          nextBefore: page.nextBefore,
        };
      },
    );
  };
