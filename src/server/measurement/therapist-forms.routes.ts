import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { TherapistFormRequest } from './therapist-form.repository.ts';
import {
  type TherapistFormDeps,
  listMyForms,
  loadMyForm,
  submitMyForm,
} from './therapist-forms.service.ts';

const tags = ['questionnaire'];

const formRequestSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  sessionId: z.string(),
  sessionNumber: z.number(),
  sessionStartsAt: z.string(),
  clinicTimeZone: z.string(),
  instruments: z.array(z.string()),
  expiresAt: z.string(),
});
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

const progressSchema = z.object({ answered: z.number(), total: z.number() });
const formSchema = z.object({
  id: z.string(),
  title: z.string(),
  language: z.string(),
  instructions: z.string().nullable(),
  answered: z.boolean(),
  items: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['choice', 'text']),
      text: z.string(),
      required: z.boolean(),
      enableWhen: z
        .object({ item: z.string(), operator: z.enum(['=', '!=']), value: z.number() })
        .nullable(),
      options: z.array(z.object({ value: z.number(), label: z.string() })),
    }),
  ),
});

// As the client's submission (questionnaire.routes.ts): 1-based item ids, bounded sizes.
const submissionSchema = z.strictObject({
  submissionId: z.uuid(),
  instrumentId: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  answers: z
    .record(
      z.string().regex(/^[1-9][0-9]{0,3}$/),
      z.union([z.number().finite(), z.string().max(4000), z.null()]),
    )
    .refine((answers) => Object.keys(answers).length <= 200, 'too many answers'),
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
          response: { 200: z.object({ forms: z.array(formRequestSchema) }) },
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
          response: {
            200: z.object({
              request: formRequestSchema,
              progress: progressSchema,
              forms: z.array(formSchema),
            }),
          },
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
          response: {
            200: z.object({
              responseId: z.string(),
              stored: z.boolean(),
              requestCompleted: z.boolean(),
              progress: progressSchema,
            }),
          },
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
