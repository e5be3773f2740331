/**
 * Request and response bodies of the case-management routes (opening, closing, reopening,
 * transferring cases; the clinics' intake lists). Administrative fields only: names, members,
 * therapists, status — never scores, answers or notes (admins read these).
 */
import { z } from 'zod';
import {
  caseClosedReasons,
  caseStructures,
  listCodePattern,
  memberRelations,
} from '../intake/intake-lists.ts';
import { calendarDateSchema } from './clients.ts';

const listCode = z
  .string()
  .max(40)
  .regex(listCodePattern, 'must be a code such as family-conflict');
const shortText = z.string().trim().min(1, 'must not be empty').max(200, 'is too long');

export const caseMemberInputSchema = z.strictObject({
  clientId: z.uuid(),
  relation: z.enum(memberRelations),
  /** Needed for a member under 18 on the start date. */
  guardianName: shortText.nullable().optional(),
  guardianContact: shortText.nullable().optional(),
});

export const newCaseSchema = z.strictObject({
  clinicId: z.uuid(),
  caseType: listCode,
  presentingConcerns: z.array(listCode).max(20),
  members: z.array(caseMemberInputSchema).min(1, 'a case needs at least one member').max(12),
  therapistIds: z.array(z.uuid()).min(1, 'a case needs a therapist').max(6),
  startDate: calendarDateSchema,
});
export type NewCaseInput = z.infer<typeof newCaseSchema>;

export const closeCaseSchema = z.strictObject({ reason: z.enum(caseClosedReasons) });
export const transferCaseSchema = z.strictObject({
  fromTherapistId: z.uuid(),
  toTherapistId: z.uuid(),
});

export const caseRecordSchema = z.object({
  id: z.string(),
  reference: z.string(),
  clinicId: z.string(),
  structure: z.enum(caseStructures),
  caseType: z.string(),
  presentingConcerns: z.array(z.string()),
  status: z.enum(['active', 'paused', 'closed']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closedReason: z.enum(caseClosedReasons).nullable(),
  members: z.array(
    z.object({
      clientId: z.string(),
      displayName: z.string(),
      relation: z.string(),
      guardianName: z.string().nullable(),
      guardianContact: z.string().nullable(),
    }),
  ),
  therapists: z.array(z.object({ staffUserId: z.string(), displayName: z.string() })),
});
export type CaseRecordResponse = z.infer<typeof caseRecordSchema>;

export const caseListQuerySchema = z.strictObject({
  status: z.enum(['active', 'closed']).default('closed'),
  q: z.string().trim().max(120).optional(),
});
export const caseListSchema = z.object({ cases: z.array(caseRecordSchema) });
export type CaseListResponse = z.infer<typeof caseListSchema>;

export const clinicCaseTypeSchema = z.strictObject({
  code: listCode,
  structure: z.enum(caseStructures),
});

export const intakeSettingsSchema = z.strictObject({
  caseTypes: z
    .array(clinicCaseTypeSchema)
    .min(1)
    .max(30)
    .refine((l) => new Set(l.map((t) => t.code)).size === l.length, 'codes must differ'),
  presentingConcerns: z
    .array(listCode)
    .max(60)
    .refine((l) => new Set(l).size === l.length, 'codes must differ'),
  therapistsMayOpenCases: z.boolean(),
});
export type IntakeSettings = z.infer<typeof intakeSettingsSchema>;

/** The clinics where the caller may register clients and open cases, with their lists. */
export const intakeClinicsSchema = z.object({
  clinics: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      caseTypes: z.array(z.object({ code: z.string(), structure: z.enum(caseStructures) })),
      presentingConcerns: z.array(z.string()),
      therapists: z.array(z.object({ staffUserId: z.string(), displayName: z.string() })),
    }),
  ),
});
export type IntakeClinicsResponse = z.infer<typeof intakeClinicsSchema>;
