import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  consentDecisionSchema,
  consentReceiptViewSchema,
  consentSubmittedSchema,
  consentTokenBodySchema,
  consentViewSchema,
  publicConsentSubmissionSchema,
  staffConsentViewSchema,
  teamConsentRecordsSchema,
  withdrawalSchema,
} from '../../../core/api/consent.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import {
  type ConsentDeps,
  type ReceiptFile,
  listTeamRecords,
  openConsentLink,
  openReceipt,
  ownConsentView,
  ownReceiptPdf,
  receiptPdfByToken,
  submitConsentByLink,
  submitOwnConsent,
  teamReceiptPdf,
  withdrawByReceipt,
  withdrawByTeam,
} from './consent.service.ts';

const tags = ['research'];

const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: String(request.id) });

function sendPdf(reply: FastifyReply, file: ReceiptFile) {
  return reply
    .header('cache-control', 'no-store')
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.bytes);
}

/**
 * Consent: the public consent and receipt pages (a link's token travels in the body, never
 * in a URL), the therapist's own consent in the staff app, and the study team's receipts and
 * withdrawals.
 */
export const consentRoutes =
  (deps: ConsentDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/public/consent/view',
      {
        schema: {
          summary: "What a consent link shows: the version's text and statements",
          tags,
          body: consentTokenBodySchema,
          response: { 200: consentViewSchema },
        },
      },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer');
        return openConsentLink(deps, request.body.token);
      },
    );

    app.post(
      '/api/public/consent/decision',
      {
        bodyLimit: 64 * 1024,
        schema: {
          summary: 'A consent or decline through a single-use link, with its PDF receipt',
          tags,
          body: publicConsentSubmissionSchema,
          response: { 200: consentSubmittedSchema },
        },
      },
      async (request) => {
        const { token, ...decision } = request.body;
        return submitConsentByLink(deps, token, decision, origin(request));
      },
    );

    app.post(
      '/api/public/consent/receipt',
      {
        schema: {
          summary: "The person's receipt page",
          tags,
          body: consentTokenBodySchema,
          response: { 200: consentReceiptViewSchema },
        },
      },
      async (request) => openReceipt(deps, request.body.token),
    );

    app.post(
      '/api/public/consent/receipt/pdf',
      {
        schema: {
          summary: 'The PDF receipt, as stored',
          tags,
          body: consentTokenBodySchema,
        },
      },
      async (request, reply) => sendPdf(reply, await receiptPdfByToken(deps, request.body.token)),
    );

    app.post(
      '/api/public/consent/withdrawal',
      {
        schema: {
          summary: 'The participant withdraws from the study, from their receipt page',
          tags,
          body: consentTokenBodySchema,
          response: { 200: withdrawalSchema },
        },
      },
      async (request) => withdrawByReceipt(deps, request.body.token, origin(request)),
    );

    app.get(
      '/api/research/me/participations/:participantId/consent',
      {
        schema: {
          summary: "The therapist's own consent page (their participation)",
          tags,
          params: z.object({ participantId: z.uuid() }),
          querystring: z.object({ language: z.string().max(12).optional() }),
          response: { 200: staffConsentViewSchema },
        },
      },
      async (request) =>
        ownConsentView(
          deps,
          requireStaff(request),
          request.params.participantId,
          request.query.language,
        ),
    );

    app.post(
      '/api/research/me/participations/:participantId/consent',
      {
        schema: {
          summary: 'The therapist consents or declines for themselves',
          tags,
          params: z.object({ participantId: z.uuid() }),
          body: consentDecisionSchema.extend({ language: z.string().max(12).optional() }),
          response: { 200: consentSubmittedSchema },
        },
      },
      async (request) =>
        submitOwnConsent(
          deps,
          requireStaff(request),
          request.params.participantId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/me/consent-records/:recordId/receipt',
      {
        schema: {
          summary: "The therapist's own PDF receipt",
          tags,
          params: z.object({ recordId: z.uuid() }),
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await ownReceiptPdf(
            deps,
            requireStaff(request),
            request.params.recordId,
            requestOrigin(request),
          ),
        ),
    );

    app.get(
      '/api/research/participants/:participantId/consent-records',
      {
        schema: {
          summary: "A participant's consent records, by pseudonym (the study team)",
          tags,
          params: z.object({ participantId: z.uuid() }),
          response: { 200: teamConsentRecordsSchema },
        },
      },
      async (request) =>
        listTeamRecords(
          deps,
          requireStaff(request),
          request.params.participantId,
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/consent-records/:recordId/receipt',
      {
        schema: {
          summary: 'A PDF receipt, for the study team',
          tags,
          params: z.object({ recordId: z.uuid() }),
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await teamReceiptPdf(
            deps,
            requireStaff(request),
            request.params.recordId,
            requestOrigin(request),
          ),
        ),
    );

    app.post(
      '/api/research/participants/:participantId/withdrawal',
      {
        schema: {
          summary: "A participant's withdrawal, recorded by the study team",
          tags,
          params: z.object({ participantId: z.uuid() }),
          response: { 200: withdrawalSchema },
        },
      },
      async (request) =>
        withdrawByTeam(
          deps,
          requireStaff(request),
          request.params.participantId,
          requestOrigin(request),
        ),
    );
  };
