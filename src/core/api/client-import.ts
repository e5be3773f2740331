/**
 * Request and response bodies of the client import (/api/admin/clinics/{clinicId}/client-import…):
 * the CSV's text in, and what was (or, in a preview, would be) created out.
 */
import { z } from 'zod';
import { MAX_IMPORT_CHARACTERS } from '../intake/client-import-csv.ts';

export const clientImportBodySchema = z.strictObject({
  csv: z.string().max(MAX_IMPORT_CHARACTERS, `must be at most ${MAX_IMPORT_CHARACTERS} characters`),
});
export type ClientImportBody = z.infer<typeof clientImportBodySchema>;

/** `new`: created by this import (or, in a preview, would be); `present`: already there, skipped. */
const outcome = z.enum(['new', 'present']);

export const clientImportReportSchema = z.object({
  dryRun: z.boolean(),
  /** False when the file has problems: nothing was (or would be) stored. */
  valid: z.boolean(),
  problems: z.array(z.object({ line: z.number(), field: z.string(), reason: z.string() })),
  rows: z.number(),
  clients: z.object({ new: z.number(), present: z.number() }),
  cases: z.object({ new: z.number(), present: z.number() }),
  caseList: z.array(
    z.object({
      key: z.string(),
      line: z.number(),
      caseType: z.string(),
      startDate: z.string(),
      therapistEmails: z.array(z.string()),
      outcome,
      members: z.array(
        z.object({
          line: z.number(),
          givenName: z.string(),
          familyName: z.string(),
          dateOfBirth: z.string().nullable(),
          birthYear: z.number().nullable(),
          relation: z.string(),
          outcome,
        }),
      ),
    }),
  ),
});
export type ClientImportReport = z.infer<typeof clientImportReportSchema>;
