import type { FastifyReply } from 'fastify';

/** Sends CSV text as a download that no browser or proxy keeps (a table of clinical counts). */
export function sendCsvAttachment(reply: FastifyReply, file: { fileName: string; csv: string }) {
  return reply
    .header('cache-control', 'no-store')
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.csv);
}
