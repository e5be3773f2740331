/** Bodies of a clinic's data notice for clients (src/server/measurement/data-notice.routes.ts). */
import { z } from 'zod';

export const dataNoticeSchema = z.object({
  clinicId: z.string(),
  text: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type DataNoticeView = z.infer<typeof dataNoticeSchema>;

export const saveDataNoticeBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(10_000),
});
