import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attendanceBodySchema, attendanceResultSchema } from '../../core/api/session.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import type { SessionDeps } from '../sessions/session.service.ts';
import { setSessionAttendance } from './record-attendance.service.ts';

/** Attendance starts the questionnaire flow, so its route lives with measurement. */
export const attendanceRoutes =
  (deps: SessionDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/sessions/:sessionId/attendance',
      {
        schema: {
          summary:
            'Record attendance; "attended" sends the questionnaires, a correction revokes open ones',
          tags: ['sessions'],
          params: z.object({ sessionId: z.uuid() }),
          body: attendanceBodySchema,
          response: { 200: attendanceResultSchema },
        },
      },
      async (request) =>
        setSessionAttendance(
          deps,
          requireStaff(request),
          request.params.sessionId,
          request.body.attendance,
          requestOrigin(request),
        ),
    );
  };
