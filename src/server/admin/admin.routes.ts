import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../core/api/audit-vocabulary.ts';
import { planEntrySchema } from '../../core/measurement/measurement-plan.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { MeasurementPlan } from '../measurement/measurement-plan.repository.ts';
import {
  type AdminDeps,
  addPlanVersion,
  addStaff,
  changeClinic,
  changeSupervision,
  createClinic,
  isIanaTimeZone,
  listAdminClinics,
  listClinicPlans,
  listClinicStaff,
  listSupervision,
  readAuditTrail,
  setRolesAtClinic,
  setStaffAccountStatus,
} from './admin.service.ts';
import { listPlanInstruments } from './plan-instruments.service.ts';

const tags = ['admin'];
const roleName = z.enum(['admin', 'therapist', 'supervisor', 'researcher', 'interpreter']);
const caseType = z.enum(['individual', 'couple', 'family']);
const nameSchema = z.string().trim().min(1).max(120);
const timeZoneSchema = z
  .string()
  .trim()
  .refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/London');

const clinicSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });
const staffSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(z.object({ clinicId: z.string(), role: roleName })),
});
const planSchema = z.object({
  id: z.string(),
  clinicId: z.string(),
  caseType: caseType.nullable(),
  name: z.string(),
  entries: z.array(planEntrySchema),
  effectiveFrom: z.string(),
  createdBy: z.string().nullable(),
});
const toPlan = (p: MeasurementPlan) => ({
  id: p.id,
  clinicId: p.clinicId,
  caseType: p.caseType,
  name: p.name,
  entries: p.entries,
  effectiveFrom: p.effectiveFrom,
  createdBy: p.createdBy,
});
const toStaff = (s: z.infer<typeof staffSchema>) => ({
  id: s.id,
  email: s.email,
  displayName: s.displayName,
  status: s.status,
  roles: s.roles,
});
const supervisionSchema = z.object({ supervisorId: z.uuid(), superviseeId: z.uuid() });

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
          response: { 200: z.object({ clinics: z.array(clinicSchema) }) },
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
          body: z.strictObject({ name: nameSchema, timeZone: timeZoneSchema }),
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
          body: z
            .strictObject({ name: nameSchema.optional(), timeZone: timeZoneSchema.optional() })
            .refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
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
          response: { 200: z.object({ staff: z.array(staffSchema) }) },
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
          body: z.strictObject({
            email: z.email('must be an e-mail address').max(320),
            displayName: nameSchema,
            clinicId: z.uuid(),
            role: roleName,
          }),
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
          body: z.strictObject({ clinicId: z.uuid(), roles: z.array(roleName).max(5) }),
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
          body: z.strictObject({ status: z.enum(['active', 'disabled']) }),
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

    app.get(
      '/api/admin/supervision',
      {
        schema: {
          summary: 'Who supervises whom, among the staff of your clinics',
          tags,
          response: { 200: z.object({ pairs: z.array(supervisionSchema) }) },
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
          body: supervisionSchema.strict(),
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
          params: supervisionSchema,
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
          response: {
            200: z.object({
              plans: z.array(planSchema),
              instruments: z.array(z.object({ id: z.string(), title: z.string() })),
            }),
          },
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
          body: z.strictObject({
            clinicId: z.uuid(),
            caseType: caseType.nullable(),
            name: nameSchema,
            // Checked in the service with the core schema, so its messages name the entry.
            entries: z.array(z.unknown()).max(50),
          }),
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

    app.get(
      '/api/admin/audit',
      {
        schema: {
          summary: "Your organization's audit trail, newest first, a page at a time",
          tags,
          querystring: z.strictObject({
            actorId: z.uuid().optional(),
            action: z.enum(AUDIT_ACTIONS).optional(),
            entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
            entityId: z.string().max(100).optional(),
            outcome: z.enum(['success', 'denied', 'failed']).optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: {
            200: z.object({
              events: z.array(
                z.object({
                  id: z.number().int(),
                  occurredAt: z.string(),
                  actorType: z.string(),
                  actorId: z.string().nullable(),
                  action: z.string(),
                  entityType: z.string(),
                  entityId: z.string().nullable(),
                  outcome: z.string(),
                  ip: z.string().nullable(),
                  requestId: z.string().nullable(),
                  details: z.record(
                    z.string(),
                    z.union([z.string(), z.number(), z.boolean(), z.null()]),
                  ),
                }),
              ),
              nextBefore: z.number().int().nullable(),
            }),
          },
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
