/**
 * Bodies of a study's export routes (src/server/research/export/): ask for an export and
 * get a single-use download link, and list the study's exports with their manifests.
 */
import { z } from 'zod';

export const newStudyExportSchema = z.strictObject({
  /** Item answers as well as scale scores (default: yes). */
  items: z.boolean().default(true),
});
export type NewStudyExportInput = z.input<typeof newStudyExportSchema>;

export const studyExportLinkSchema = z.object({
  id: z.string(),
  /** Works once, until `expiresAt`, for a member of the study's team. */
  downloadPath: z.string(),
  expiresAt: z.string(),
});
export type StudyExportLink = z.infer<typeof studyExportLinkSchema>;

const cellSchema = z.union([z.number(), z.string()]);

export const exportManifestSchema = z.object({
  format: z.literal('rapport-study-export/1'),
  exportId: z.string(),
  study: z.object({ id: z.string(), title: z.string() }),
  exportedAt: z.string(),
  exportedBy: z.object({ channel: z.enum(['web', 'cli']), staffUserId: z.string().nullable() }),
  filters: z.object({
    participants: z.string(),
    answeredBy: z.string(),
    items: z.boolean(),
    freeText: z.boolean(),
    dates: z.enum(['shift', 'days-since-first-session']),
  }),
  minCellSize: z.number(),
  participants: z.object({ client: cellSchema, therapist: cellSchema }),
  files: z.array(
    z.object({
      name: z.string(),
      bytes: z.number(),
      sha256: z.string(),
      rows: z.number().nullable(),
    }),
  ),
});

export const studyExportListSchema = z.object({
  exports: z.array(
    z.object({
      id: z.string(),
      /** The team member who asked; null for an export written with the CLI. */
      createdBy: z.string().nullable(),
      channel: z.enum(['web', 'cli']),
      createdAt: z.string(),
      expiresAt: z.string(),
      downloadedAt: z.string().nullable(),
      manifest: exportManifestSchema.nullable(),
    }),
  ),
});
export type StudyExportList = z.infer<typeof studyExportListSchema>;
