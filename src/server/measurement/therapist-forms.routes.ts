import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submissionReceiptSchema, submissionSchema } from '../../core/api/questionnaire.ts';
import { myFormSchema, myFormsSchema } from '../../core/api/therapist-forms.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { TherapistFormRequest } from './therapist-form.repository.ts';
import {
  type TherapistFormDeps,
  listMyForms,
  loadMyForm,
  submitMyForm,
} from './therapist-forms.service.ts';

const tags = ['questionnaire'];

const toFormRequest = (r: TherapistFormRequest) => ({
  id: r.id,
  caseId: r.caseId,
  caseReference: r.caseReference,
  sessionId: r.sessionId,
  sessionNumber: r.sessionNumber,
  sessionStartsAt: r.sessionStartsAt,
  clinicTimeZone: r.clinicTimeZone,
  instruments: r.instruments,
  expiresAt: r.expiresAt,
});

/** A form is one of the therapist's own requests: its id is the request's. */
const formParams = z.object({ formId: z.uuid() });

/** The signed-in therapist's own forms: the therapist side of a session's measurement. */
export const therapistFormRoutes =
  (deps: TherapistFormDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/forms',
      {
        schema: {
          summary: 'The signed-in therapist’s open forms',
          tags,
          response: { 200: myFormsSchema },
        },
      },
      async (request) => ({
        forms: (await listMyForms(deps, requireStaff(request))).map(toFormRequest),
      }),
    );

    app.get(
      '/api/me/forms/:formId',
      {
        schema: {
          summary: 'One of the signed-in therapist’s open forms, with its questions',
          tags,
          params: formParams,
          response: { 200: myFormSchema },
        },
      },
      async (request) => {
        const view = await loadMyForm(
          deps,
          requireStaff(request),
          request.params.formId,
          requestOrigin(request),
        );
        return { ...view, request: toFormRequest(view.request) };
      },
    );

    app.post(
      '/api/me/forms/:formId/responses',
      {
        bodyLimit: 64 * 1024,
        schema: {
          summary: "One form's answers; a retry with the same submissionId is stored once",
          tags,
          params: formParams,
          body: submissionSchema,
          response: { 200: submissionReceiptSchema },
        },
      },
      async (request) =>
        submitMyForm(
          deps,
          requireStaff(request),
          request.params.formId,
          request.body,
          requestOrigin(request),
        ),
    );
  };
