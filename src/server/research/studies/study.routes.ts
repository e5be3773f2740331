import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  consentVersionChangesSchema,
  consentVersionListSchema,
  consentVersionReplacementSchema,
  consentVersionSchema,
  newConsentVersionSchema,
  newStudySchema,
  studyChangesSchema,
  studyChoicesSchema,
  studyListSchema,
  studyParticipantListSchema,
  studySchema,
} from '../../../core/api/research-studies.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import {
  changeConsentVersion,
  createConsentVersion,
  listConsentVersions,
} from './consent-version.service.ts';
import { listParticipants } from './study-participant.service.ts';
import {
  type StudyDeps,
  changeStudy,
  createStudy,
  listStudies,
  readStudy,
  studyChoices,
} from './study.service.ts';

const tags = ['research'];
const studyParams = z.object({ studyId: z.uuid() });
const versionParams = z.object({ studyId: z.uuid(), versionId: z.uuid() });

/**
 * The researcher's side of a study (issue 16, items 1, 2 and 6): studies, their consent
 * versions and the participant list by pseudonym. Only researchers (403 for every other
 * role), and only on the studies whose team they are on (404 for the others).
 */
export const studyRoutes =
  (deps: StudyDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/research/study-choices',
      {
        schema: {
          summary: "The organization's clinics, researchers and instruments, for the study form",
          tags,
          response: { 200: studyChoicesSchema },
        },
      },
      async (request) => studyChoices(deps, requireStaff(request)),
    );

    app.get(
      '/api/research/studies',
      {
        schema: {
          summary: 'The studies whose team you are on',
          tags,
          response: { 200: studyListSchema },
        },
      },
      async (request) => ({
        studies: await listStudies(deps, requireStaff(request), requestOrigin(request)),
      }),
    );

    app.post(
      '/api/research/studies',
      {
        schema: {
          summary: 'Create a study (as a draft) with its clinics, team and measures',
          tags,
          body: newStudySchema,
          response: { 201: studySchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createStudy(deps, requireStaff(request), request.body, requestOrigin(request)),
          ),
    );

    app.get(
      '/api/research/studies/:studyId',
      {
        schema: {
          summary: 'A study with its clinics, team and measures',
          tags,
          params: studyParams,
          response: { 200: studySchema },
        },
      },
      async (request) =>
        readStudy(deps, requireStaff(request), request.params.studyId, requestOrigin(request)),
    );

    app.patch(
      '/api/research/studies/:studyId',
      {
        schema: {
          summary:
            'Change a study; its status moves forward only (draft → recruiting → closed, else 409)',
          tags,
          params: studyParams,
          body: studyChangesSchema,
          response: { 200: studySchema },
        },
      },
      async (request) =>
        changeStudy(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/studies/:studyId/consent-versions',
      {
        schema: {
          summary: "The study's consent versions, by language and number",
          tags,
          params: studyParams,
          response: { 200: consentVersionListSchema },
        },
      },
      async (request) => ({
        consentVersions: await listConsentVersions(
          deps,
          requireStaff(request),
          request.params.studyId,
          requestOrigin(request),
        ),
      }),
    );

    app.post(
      '/api/research/studies/:studyId/consent-versions',
      {
        schema: {
          summary: 'A new consent version: the next number in its language',
          tags,
          params: studyParams,
          body: newConsentVersionSchema,
          response: { 201: consentVersionSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createConsentVersion(
              deps,
              requireStaff(request),
              request.params.studyId,
              request.body,
              requestOrigin(request),
            ),
          ),
    );

    const change = (
      body: typeof consentVersionReplacementSchema | typeof consentVersionChangesSchema,
    ) =>
      ({
        schema: {
          summary: 'Change a consent version nobody has signed (409 once anyone has)',
          tags,
          params: versionParams,
          body,
          response: { 200: consentVersionSchema },
        },
      }) as const;
    app.put(
      '/api/research/studies/:studyId/consent-versions/:versionId',
      change(consentVersionReplacementSchema),
      async (request) =>
        changeConsentVersion(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.versionId,
          request.body,
          requestOrigin(request),
        ),
    );
    app.patch(
      '/api/research/studies/:studyId/consent-versions/:versionId',
      change(consentVersionChangesSchema),
      async (request) =>
        changeConsentVersion(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.versionId,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/studies/:studyId/participants',
      {
        schema: {
          summary: "The study's participants by pseudonym: role, clinic, status, consent",
          tags,
          params: studyParams,
          response: { 200: studyParticipantListSchema },
        },
      },
      async (request) => ({
        participants: await listParticipants(
          deps,
          requireStaff(request),
          request.params.studyId,
          requestOrigin(request),
        ),
      }),
    );
  };
