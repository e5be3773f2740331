import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../../core/app-error.ts';
import { interviewRecordingSchema } from '../../../core/api/research-interview-review.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import { parseByteRange } from './byte-range.ts';
import { type RecordingDeps, openRecording, uploadRecording } from './recording.service.ts';

const tags = ['research'];
const taskParams = z.object({ studyId: z.uuid(), taskId: z.uuid() });
const recordingParams = taskParams.extend({ recordingId: z.uuid() });

const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
};

/**
 * An interview's recordings (issue 17, item 7): the upload is the audio file itself as the
 * request body (any content type: the server judges the type from the bytes), streamed to
 * disk; playing answers HTTP range requests (206) so an `<audio>` element can seek.
 */
export const recordingRoutes =
  (deps: RecordingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // In this plugin only: a body that is not JSON reaches the handler as the raw stream,
    // unread, so nothing is buffered and nothing is read before access is checked.
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const base = '/api/research/studies/:studyId/interviews/tasks/:taskId/recordings';

    app.post(
      base,
      {
        schema: {
          summary:
            'Upload a recording of a held interview (the audio file as the body; MP3, WAV, Ogg, FLAC, M4A/MP4 or WebM by content)',
          tags,
          params: taskParams,
          response: { 201: interviewRecordingSchema },
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request);
        if (!(request.body instanceof Readable))
          throw badRequest(
            'Send the audio file itself as the request body (Content-Type: application/octet-stream).',
          );
        const length = Number(request.headers['content-length']);
        const recording = await uploadRecording(
          deps,
          actor,
          request.params,
          { body: request.body, declaredBytes: Number.isFinite(length) ? length : null },
          requestOrigin(request),
        );
        return reply.status(201).send(recording);
      },
    );

    app.get(
      `${base}/:recordingId/audio`,
      {
        schema: {
          summary:
            'Play (or with download=1, save) a recording, decrypted; answers Range requests with 206',
          tags,
          params: recordingParams,
          querystring: z.object({ download: z.literal('1').optional() }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request);
        const download = request.query.download === '1';
        const rangeHeader = download ? undefined : request.headers.range;
        const opened = await openRecording(
          deps,
          actor,
          request.params,
          (size) => parseByteRange(rangeHeader, size),
          download,
          requestOrigin(request),
        );
        reply.header('accept-ranges', 'bytes');
        if ('unsatisfiable' in opened)
          return reply
            .status(416)
            .header('content-range', `bytes */${opened.unsatisfiable}`)
            .send();
        const size = opened.layout.plainBytes;
        const { start, end } = opened.range ?? { start: 0, end: size - 1 };
        reply
          .header('content-type', opened.recording.mediaType)
          .header('content-length', String(end - start + 1));
        if (download)
          reply.header(
            'content-disposition',
            `attachment; filename="interview-recording-${opened.recording.id.slice(0, 8)}.${EXTENSIONS[opened.recording.mediaType]}"`,
          );
        if (opened.range)
          reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);
        return reply.send(Readable.from(opened.chunks));
      },
    );
  };
