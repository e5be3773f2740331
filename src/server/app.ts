import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { authRoutes } from './auth/auth.routes.ts';
import { caseViewRoutes } from './case-view/case-view.routes.ts';
import { caseReportRoutes } from './case-report/case-report.routes.ts';
import { inSessionRoutes } from './in-session/in-session.routes.ts';
import { practiceReportRoutes } from './reports/practice-report.routes.ts';
import { caseloadRoutes } from './caseload/caseload.routes.ts';
import { type AuthSettings, defaultAuthSettings } from './auth/auth-settings.ts';
import { totpSecretBox } from './auth/totp-secret-storage.service.ts';
import type { Clock } from './clock.ts';
import type { Database, Dialect } from './db/database.ts';
import { healthRoutes } from './health/health.routes.ts';
import { installAuthentication } from './http/authenticate.ts';
import { installDenialAudit } from './http/audit-denials.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { loggerOptions } from './http/logger-options.ts';
import { attendanceRoutes } from './measurement/attendance.routes.ts';
import { dataNoticeRoutes } from './measurement/data-notice.routes.ts';
import { questionnaireRoutes } from './measurement/questionnaire.routes.ts';
import { sessionAnswersRoutes } from './measurement/session-answers.routes.ts';
import { sessionRequestRoutes } from './measurement/session-requests.routes.ts';
import { therapistFormRoutes } from './measurement/therapist-forms.routes.ts';
import { organizationRoutes } from './organizations/organization.routes.ts';
import { webAppRoutes } from './http/web-app.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { interpreterRoutes } from './interpreters/interpreter.routes.ts';
import { reflectionNoteRoutes } from './notes/reflection-note.routes.ts';
import { sessionRoutes } from './sessions/session.routes.ts';
import { alertRoutes } from './alerts/alert.routes.ts';
import { ruptureEventRoutes } from './repairs/rupture-event.routes.ts';
import { supervisionRoutes } from './supervision/supervision.routes.ts';
import { allianceSettingsRoutes } from './alerts/alliance-settings.routes.ts';
import { clientRoutes } from './clients/client.routes.ts';
import { caseManagementRoutes } from './cases/case-management.routes.ts';
import { createEndOfCareRequests } from './measurement/create-session-requests.service.ts';
import { clientImportRoutes } from './client-import/client-import.routes.ts';
import { studyAnalysesRoutes } from './research/analyses/study-analyses.routes.ts';
import { studyExportRoutes } from './research/export/study-export.routes.ts';
import { studyDashboardRoutes } from './research/dashboard/study-dashboard.routes.ts';
import { interviewRoutes } from './research/interviews/interview.routes.ts';
import { interviewReviewRoutes } from './research/interview-review/interview-review.routes.ts';
import { recordingRoutes } from './research/recordings/recording.routes.ts';
import { recordingStore } from './research/recordings/recording.service.ts';
import { studyRoutes } from './research/studies/study.routes.ts';
import { consentRoutes } from './research/consent/consent.routes.ts';
import { enrolmentRoutes } from './research/enrolment/enrolment.routes.ts';

import type { DemoMailbox } from './demo/demo-mailbox.ts';
import { demoMailboxRoutes } from './demo/demo-mailbox.routes.ts';
import { apiTokenRoutes } from './api-tokens/api-token.routes.ts';
import { FHIR_BASE_PATH, fhirRoutes } from './fhir/fhir.routes.ts';
export interface AppDeps {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  logLevel?: string;
  /** Where logs go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** Sign-in settings (mode, timeouts, limits); defaults: two factors, 30 min idle, 12 h. */
  auth?: AuthSettings;
  /** Fastify's trustProxy: which proxies may say who the client is (default none). */
  trustProxy?: string;
  /**
   * The instance secret: behind questionnaire links and the key TOTP secrets are sealed with;
   * without it, attendance cannot be recorded and no second factor can be set up or checked.
   */
  secret?: string;
  /** The address people open Rapport at, for questionnaire links shown to staff (QR, copy). */
  publicUrl?: string;
  /** RAPPORT_REMINDER_LEAD_HOURS: how long before a link expires its reminder mail goes out. */
  reminderLeadHours?: number;
  /**
   * Interview recordings: the folder their encrypted files live in and the largest upload
   * (config.ts); with the instance secret, which their key is derived from. Without either,
   * uploading and playing answer 503.
   */
  recordings?: { dir: string; maxBytes: number };
  /** `rapport demo` only: its mail catcher, read at /api/demo/mailbox by its admins. */
  demoMailbox?: DemoMailbox;
}

/**
 * A second layer behind React's escaping: only the app's own scripts run (no inline script,
 * no event-handler attribute), and nothing frames the app. Styles allow 'unsafe-inline'
 * because React's `style` props and Observable Plot's charts set inline styles; images allow
 * data: for the QR codes (TOTP enrolment, a client's questionnaire link), drawn as data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const API_VERSION = '0.1.0';

/** Builds the HTTP app without listening, so tests can use `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      ...loggerOptions(deps.logLevel ?? 'silent'),
      ...(deps.logStream && { stream: deps.logStream }),
    },
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const authDeps = {
    db: deps.db,
    clock: deps.clock,
    settings: deps.auth ?? defaultAuthSettings,
    // TOTP secrets are sealed at rest with a key derived from the instance secret.
    ...(deps.secret && { totpBox: totpSecretBox(deps.secret) }),
  };
  await installAuthentication(app, authDeps);
  installDenialAudit(app, { db: deps.db, clock: deps.clock });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
    // Every API answer may carry clinical or personal data (a case, a sign-in reply): no
    // browser or proxy cache may keep it. A route that wants caching would say so itself.
    const clinical = request.url.startsWith('/api/') || request.url.startsWith('/fhir/');
    if (clinical && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Rapport API',
        version: API_VERSION,
        description: 'Alliance-informed psychotherapy: measurement, alerts and research.',
      },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes(deps.db));
  await app.register(organizationRoutes(deps.db));
  await app.register(authRoutes(authDeps));
  if (deps.demoMailbox) await app.register(demoMailboxRoutes(deps.demoMailbox));
  const sessionDeps = {
    db: deps.db,
    clock: deps.clock,
    secret: deps.secret,
    reminderLeadHours: deps.reminderLeadHours,
  };
  await app.register(sessionRoutes(sessionDeps));
  await app.register(attendanceRoutes(sessionDeps));
  await app.register(reflectionNoteRoutes(sessionDeps));
  await app.register(interpreterRoutes(sessionDeps));
  await app.register(adminRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(caseloadRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(caseViewRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(caseReportRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(inSessionRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(practiceReportRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(questionnaireRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(dataNoticeRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(sessionRequestRoutes({ ...sessionDeps, publicUrl: deps.publicUrl }));
  await app.register(therapistFormRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(sessionAnswersRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(alertRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(ruptureEventRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(supervisionRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(allianceSettingsRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(clientRoutes({ db: deps.db, clock: deps.clock }));
  const secret = deps.secret;
  await app.register(
    caseManagementRoutes({
      db: deps.db,
      clock: deps.clock,
      // Without the instance secret no questionnaire link can be made (as for attendance).
      ...(secret && {
        onClose: (trx, careCase, now) =>
          createEndOfCareRequests(trx, {
            organizationId: careCase.organizationId,
            caseId: careCase.id,
            secret,
            now,
            reminderLeadHours: deps.reminderLeadHours,
          }),
      }),
    }),
  );
  await app.register(clientImportRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(studyRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(consentRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(enrolmentRoutes({ ...sessionDeps, publicUrl: deps.publicUrl }));
  await app.register(studyDashboardRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(studyAnalysesRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(interviewRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(apiTokenRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(
    fhirRoutes({
      db: deps.db,
      clock: deps.clock,
      softwareVersion: API_VERSION,
      ...(deps.publicUrl !== undefined && { publicUrl: deps.publicUrl }),
    }),
    { prefix: FHIR_BASE_PATH },
  );
  const recordingDeps = {
    db: deps.db,
    clock: deps.clock,
    ...(deps.secret &&
      deps.recordings && { recordings: recordingStore(deps.secret, deps.recordings) }),
  };
  await app.register(recordingRoutes(recordingDeps));
  await app.register(interviewReviewRoutes(recordingDeps));
  await app.register(studyExportRoutes({ db: deps.db, clock: deps.clock, secret: deps.secret }));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(webAppRoutes);

  await app.ready();
  return app;
}
