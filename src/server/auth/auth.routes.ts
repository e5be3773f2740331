import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type SessionState,
  changePasswordBodySchema,
  codeBodySchema,
  loginBodySchema,
  passwordResetAcceptedSchema,
  passwordResetBodySchema,
  passwordResetConfirmBodySchema,
  reauthenticationSchema,
  secondFactorAnswerSchema,
  sessionStateSchema,
  totpConfirmationSchema,
  totpEnrolmentSchema,
} from '../../core/api/auth.ts';
import { AppError } from '../../core/app-error.ts';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  inSessionRefusal,
  requestOrigin,
  requireStaff,
  setSessionCookie,
} from '../http/authenticate.ts';
import type { AuthDeps } from './auth-deps.ts';
import {
  type StartedSession,
  describeSession,
  endSession,
  resolveSession,
} from './auth-session.service.ts';
import { changePassword, completePasswordReset, requestPasswordReset } from './password.service.ts';
import { csrfTokenFor } from './secret-token.ts';
import {
  completeSecondFactor,
  reauthenticateSecondFactor,
  signInWithPassword,
  stateOfLevel,
} from './sign-in.service.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from './totp-enrolment.service.ts';

const tags = ['auth'];

export const authRoutes =
  (deps: AuthDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const signedOut = (): SessionState => ({
      authMode: deps.settings.mode,
      state: 'signed-out',
      csrfToken: null,
      staff: null,
      expiresAt: null,
    });

    /** Sets the new session's cookie and tells the web app where the person now stands. */
    const answerStarted = async (
      reply: FastifyReply,
      started: StartedSession,
    ): Promise<SessionState> => {
      setSessionCookie(reply, started.token);
      const resolved =
        started.session.level === 'full' ? await resolveSession(deps, started.token) : undefined;
      const summary = resolved && (await describeSession(deps, resolved));
      return {
        authMode: deps.settings.mode,
        state: stateOfLevel(started.session.level),
        csrfToken: csrfTokenFor(started.token),
        staff: summary?.staff ?? null,
        expiresAt: started.session.expiresAt,
      };
    };

    const currentState = async (request: FastifyRequest): Promise<SessionState> => {
      const auth = request.authentication;
      if (!auth) return signedOut();
      const base = {
        authMode: deps.settings.mode,
        state: stateOfLevel(auth.session.level),
        csrfToken: csrfTokenFor(auth.token),
        expiresAt: auth.session.expiresAt,
      };
      if (auth.session.level !== 'full') return { ...base, staff: null };
      // In-session mode names nobody: the tablet is in the client's hands.
      if (auth.session.inSession) return { ...base, state: 'in-session', staff: null };
      const summary = await describeSession(deps, auth);
      return summary ? { ...base, staff: summary.staff } : signedOut();
    };

    const pendingSession = (request: FastifyRequest) => {
      const auth = request.authentication;
      if (!auth) throw new AppError('unauthorized', 'Sign in with your password first.');
      // The client holding the tablet must not set up a second factor on the account.
      if (auth.session.inSession) throw inSessionRefusal();
      return auth.session;
    };

    app.get(
      '/api/auth/session',
      {
        schema: {
          summary: 'Where the caller stands in signing in, with the CSRF token for the session',
          tags,
          response: { 200: sessionStateSchema },
        },
      },
      async (request, reply) => {
        const state = await currentState(request);
        // A cookie the server no longer knows is dropped, so the browser stops sending it.
        if (!request.authentication && request.cookies[SESSION_COOKIE]) clearSessionCookie(reply);
        reply.header('cache-control', 'no-store');
        return state;
      },
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          summary: 'Sign in with e-mail and password (the first factor)',
          tags,
          body: loginBodySchema,
          response: { 200: sessionStateSchema },
        },
      },
      async (request, reply) => {
        const started = await signInWithPassword(
          deps,
          request.body,
          requestOrigin(request),
          request.authentication?.session.id ?? null,
        );
        return await answerStarted(reply, started);
      },
    );

    app.post(
      '/api/auth/second-factor',
      {
        schema: {
          summary:
            'The second factor: a 6-digit code from the authenticator app or a recovery code',
          tags,
          body: codeBodySchema,
          response: { 200: secondFactorAnswerSchema },
        },
      },
      async (request, reply) => {
        const result = await completeSecondFactor(
          deps,
          pendingSession(request),
          request.body.code,
          requestOrigin(request),
        );
        return {
          ...(await answerStarted(reply, result)),
          method: result.method,
          recoveryCodesLeft: result.recoveryCodesLeft,
        };
      },
    );

    app.post(
      '/api/auth/second-factor/verify',
      {
        schema: {
          summary:
            'Confirm it is you with a code from your authenticator app, before a step that asks for it',
          tags,
          body: codeBodySchema,
          response: { 200: reauthenticationSchema },
        },
      },
      async (request) => {
        const actor = requireStaff(request);
        return reauthenticateSecondFactor(
          deps,
          {
            id: actor.authSessionId,
            organizationId: actor.organizationId,
            staffUserId: actor.userId,
          },
          request.body.code,
          requestOrigin(request),
        );
      },
    );

    app.post(
      '/api/auth/totp/enrolment',
      {
        schema: {
          summary: 'Start setting up an authenticator app: a new secret and its QR code',
          tags,
          response: { 200: totpEnrolmentSchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return startTotpEnrolment(deps, pendingSession(request));
      },
    );

    app.post(
      '/api/auth/totp/enrolment/confirm',
      {
        schema: {
          summary:
            'Finish setting up the authenticator app with its first code; returns recovery codes once',
          tags,
          body: codeBodySchema,
          response: { 200: totpConfirmationSchema },
        },
      },
      async (request, reply) => {
        const session = pendingSession(request);
        const { recoveryCodes, started } = await confirmTotpEnrolment(
          deps,
          session,
          request.body.code,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        const state = started ? await answerStarted(reply, started) : await currentState(request);
        return { ...state, recoveryCodes };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { summary: 'Sign out: the session ends on the server', tags } },
      async (request, reply) => {
        const auth = request.authentication;
        if (auth) await endSession(deps, auth.session, requestOrigin(request));
        clearSessionCookie(reply);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          summary: 'Change your password (your other sessions end)',
          tags,
          body: changePasswordBodySchema,
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request);
        await changePassword(deps, actor, request.body, requestOrigin(request));
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        schema: {
          summary:
            'Ask for a password-reset link by e-mail (same answer whether or not the address has an account)',
          tags,
          body: passwordResetBodySchema,
          response: { 202: passwordResetAcceptedSchema },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(deps, request.body.email, requestOrigin(request));
        return reply.status(202).send({ status: 'accepted' as const });
      },
    );

    app.post(
      '/api/auth/password-reset/confirm',
      {
        schema: {
          summary: "Set a new password with a reset link's token (once, before it expires)",
          tags,
          body: passwordResetConfirmBodySchema,
        },
      },
      async (request, reply) => {
        await completePasswordReset(deps, request.body, requestOrigin(request));
        return reply.status(204).send();
      },
    );
  };
