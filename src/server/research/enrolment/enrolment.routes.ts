import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseResearchSchema,
  consentLinkSchema,
  enrolClientSchema,
  enrolTherapistSchema,
  enrolmentSchema,
} from '../../../core/api/consent.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import {
  type EnrolmentDeps,
  caseResearch,
  enrolClientMember,
  enrolTherapist,
  showConsentLink,
} from './enrolment.service.ts';

const tags = ['research'];

/** The case page's research panel and enrolment, for the case's therapists. */
export const enrolmentRoutes =
  (deps: EnrolmentDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId/research',
      {
        schema: {
          summary: "Who of the case is enrolled in which study (the case's therapists)",
          tags,
          params: z.object({ caseId: z.uuid() }),
          response: { 200: caseResearchSchema },
        },
      },
      async (request) =>
        caseResearch(deps, requireStaff(request), request.params.caseId, requestOrigin(request)),
    );

    app.post(
      '/api/cases/:caseId/research/enrolments',
      {
        schema: {
          summary: 'Enrols a client member of the case and makes their consent link(s)',
          tags,
          params: z.object({ caseId: z.uuid() }),
          body: enrolClientSchema,
          response: { 200: enrolmentSchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return enrolClientMember(
          deps,
          requireStaff(request),
          request.params.caseId,
          request.body,
          requestOrigin(request),
        );
      },
    );

    app.post(
      '/api/cases/:caseId/research/therapist-enrolment',
      {
        schema: {
          summary: "Enrols the case's therapist themselves (they consent in the staff app)",
          tags,
          params: z.object({ caseId: z.uuid() }),
          body: enrolTherapistSchema,
          response: { 200: enrolmentSchema },
        },
      },
      async (request) =>
        enrolTherapist(
          deps,
          requireStaff(request),
          request.params.caseId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.post(
      '/api/research/consent-invitations/:invitationId/link',
      {
        schema: {
          summary: 'An open consent link again, for a QR code or a copy',
          tags,
          params: z.object({ invitationId: z.uuid() }),
          response: { 200: consentLinkSchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return showConsentLink(
          deps,
          requireStaff(request),
          request.params.invitationId,
          requestOrigin(request),
        );
      },
    );
  };
