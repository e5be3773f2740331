import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  questionnaireViewSchema,
  submissionReceiptSchema,
  submissionSchema,
} from '../../core/api/questionnaire.ts';
import {
  type ClientOrigin,
  type QuestionnaireDeps,
  acknowledgeDataNotice,
  loadQuestionnaire,
  openQuestionnaireLink,
  submitFromVisit,
} from './questionnaire-visit.service.ts';

/**
 * `__Host-`: Secure, Path=/ and no Domain, so no sub-domain can plant one. SameSite=Strict:
 * another site can neither send it along nor read what it opens. The staff session cookie
 * is ignored under /api/public/ (see authenticate.ts), so a therapist testing a link in
 * their own browser answers as the client, never as themselves.
 */
export const VISIT_COOKIE = '__Host-rapport-questionnaire';
export const QUESTIONNAIRE_PAGE = '/questionnaire';

const cookieOptions = {
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'strict',
} as const;

const tags = ['questionnaire'];

const origin = (request: FastifyRequest): ClientOrigin => ({
  ip: request.ip,
  requestId: String(request.id),
});
const visitToken = (request: FastifyRequest): string | undefined => request.cookies[VISIT_COOKIE];

/** The client's side of a questionnaire link: no staff session, nothing cached, no referrer. */
export const questionnaireRoutes =
  (deps: QuestionnaireDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onSend', async (_request, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
    });

    app.get(
      '/q/:token',
      {
        schema: {
          summary: "Opens a client's questionnaire link and moves on to the questionnaire page",
          tags,
          params: z.object({ token: z.string() }),
        },
      },
      async (request, reply) => {
        const opened = await openQuestionnaireLink(deps, request.params.token, origin(request));
        // The same redirect whatever happened: only the cookie differs, and the page then
        // shows the forms or one calm "no longer available".
        if (opened)
          reply.setCookie(VISIT_COOKIE, opened.visitToken, {
            ...cookieOptions,
            expires: opened.expiresAt,
          });
        else reply.clearCookie(VISIT_COOKIE, cookieOptions);
        return reply.redirect(QUESTIONNAIRE_PAGE, 303);
      },
    );

    app.get(
      '/api/public/questionnaire',
      {
        schema: {
          summary: "The forms of the visit's request, in its language",
          tags,
          response: { 200: questionnaireViewSchema },
        },
      },
      async (request) => loadQuestionnaire(deps, visitToken(request)),
    );

    app.post(
      '/api/public/questionnaire/notice-acknowledgement',
      { schema: { summary: "The client has read the clinic's data notice", tags } },
      async (request, reply) => {
        await acknowledgeDataNotice(deps, visitToken(request));
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/public/questionnaire/responses',
      {
        bodyLimit: 64 * 1024,
        schema: {
          summary: "One form's answers; a retry with the same submissionId is stored once",
          tags,
          body: submissionSchema,
          response: { 200: submissionReceiptSchema },
        },
      },
      async (request) => submitFromVisit(deps, visitToken(request), request.body, origin(request)),
    );
  };
