/**
 * What the alliance settings routes answer (src/server/alerts/alliance-settings.routes.ts):
 * a clinic's alliance rule parameters, each with its default (docs/alerts.md). The body a
 * clinic admin sends is checked field by field in src/server/alerts/alliance-settings-fields.ts.
 */
import { z } from 'zod';

const settingValueSchema = z.union([z.number(), z.boolean(), z.null()]);

export const allianceSettingSchema = z.object({
  key: z.string(),
  group: z.string(),
  name: z.string(),
  kind: z.enum(['integer', 'number', 'boolean', 'optional-number']),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  defaultValue: settingValueSchema,
  value: settingValueSchema,
  overridden: z.boolean(),
});
export type AllianceSettingView = z.infer<typeof allianceSettingSchema>;

export const allianceSettingsSchema = z.object({
  clinicId: z.string(),
  clinicName: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  parameters: z.array(allianceSettingSchema),
  /** The clinic's own interindividual SD of client alliance totals (the pooled SD's meaning). */
  measuredPooledSd: z.object({
    sd: z.number().nullable(),
    forms: z.number(),
    clients: z.number(),
  }),
});
export type AllianceSettingsView = z.infer<typeof allianceSettingsSchema>;

/** PUT answers the saved settings and how many case recomputations it queued. */
export const savedAllianceSettingsSchema = allianceSettingsSchema.extend({
  recomputesQueued: z.number(),
});
export type SavedAllianceSettings = z.infer<typeof savedAllianceSettingsSchema>;
