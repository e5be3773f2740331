import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  interviewDetailSchema,
  interviewReflectionSchema,
  interviewReviewInputSchema,
  interviewReviewSchema,
  reflectionNoteInputSchema,
  reviewQueueSchema,
} from '../../../core/api/research-interview-review.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import type { RecordingDeps } from '../recordings/recording.service.ts';
import {
  readInterview,
  reviewInterview,
  reviewQueue,
  writeReflection,
} from './interview-review.service.ts';

const tags = ['research'];
const studyParams = z.object({ studyId: z.uuid() });
const taskParams = z.object({ studyId: z.uuid(), taskId: z.uuid() });

/**
 * One interview's page for the study team (issue 17, item 6): the interview with its
 * recordings, reflection note and review; the note; the seniors' review queue and review.
 */
export const interviewReviewRoutes =
  (deps: RecordingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const base = '/api/research/studies/:studyId/interviews';

    app.get(
      `${base}/tasks/:taskId`,
      {
        schema: {
          summary: 'One interview: its task, recordings, reflection note (with history) and review',
          tags,
          params: taskParams,
          response: { 200: interviewDetailSchema },
        },
      },
      async (request) =>
        readInterview(deps, requireStaff(request), request.params, requestOrigin(request)),
    );

    app.put(
      `${base}/tasks/:taskId/reflection`,
      {
        schema: {
          summary: "Write or edit the interviewer's reflection note (earlier versions are kept)",
          tags,
          params: taskParams,
          body: reflectionNoteInputSchema,
          response: { 200: interviewReflectionSchema },
        },
      },
      async (request) =>
        writeReflection(
          deps,
          requireStaff(request),
          request.params,
          request.body,
          requestOrigin(request),
        ),
    );

    app.get(
      `${base}/review-queue`,
      {
        schema: {
          summary:
            "Held interviews for the study's senior researchers: not yet debriefed first, each interviewer's first interviews first, newest first",
          tags,
          params: studyParams,
          response: { 200: reviewQueueSchema },
        },
      },
      async (request) =>
        reviewQueue(deps, requireStaff(request), request.params.studyId, requestOrigin(request)),
    );

    app.put(
      `${base}/tasks/:taskId/review`,
      {
        schema: {
          summary:
            "A senior researcher's feedback, and whether the interview is reviewed and the interviewer debriefed",
          tags,
          params: taskParams,
          body: interviewReviewInputSchema,
          response: { 200: interviewReviewSchema },
        },
      },
      async (request) =>
        reviewInterview(
          deps,
          requireStaff(request),
          request.params,
          request.body,
          requestOrigin(request),
        ),
    );
  };
