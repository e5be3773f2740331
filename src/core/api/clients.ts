/**
 * Request and response bodies of the client routes (/api/clients…), validated by the server
 * and inferred by the web app.
 */
import { z } from 'zod';
import { isCalendarDate } from '../intake/intake-lists.ts';

const personName = z.string().trim().min(1, 'must not be empty').max(120, 'is too long');
const optionalText = (max: number) => z.string().trim().max(max, 'is too long');

export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, 'must be a real date written YYYY-MM-DD');

/** BCP 47 language tag such as en, es or pt-BR. */
export const languageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or es');

/** The fields of a client as intake checks them (also each cell of a client import). */
export const clientFields = {
  givenName: personName,
  familyName: personName,
  preferredName: optionalText(120).nullable().optional(),
  /** A full date of birth, or only the year when that is all that is known. */
  dateOfBirth: calendarDateSchema.nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  email: z.email('must be an e-mail address').max(320).nullable().optional(),
  mobile: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,24}$/, 'must be a phone number such as +44 7700 900123')
    .nullable()
    .optional(),
  preferredLanguage: languageTagSchema,
};

export const newClientSchema = z.strictObject({
  ...clientFields,
  clinicId: z.uuid(),
  /** Set after a 409 naming a possible duplicate, to add the client anyway. */
  confirmDuplicate: z.boolean().optional(),
});
export type NewClientInput = z.infer<typeof newClientSchema>;

export const clientChangesSchema = z
  .strictObject({
    givenName: clientFields.givenName.optional(),
    familyName: clientFields.familyName.optional(),
    preferredName: clientFields.preferredName,
    dateOfBirth: clientFields.dateOfBirth,
    birthYear: clientFields.birthYear,
    email: clientFields.email,
    mobile: clientFields.mobile,
    preferredLanguage: clientFields.preferredLanguage.optional(),
    confirmDuplicate: z.boolean().optional(),
  })
  .refine(
    (b) => Object.keys(b).some((k) => k !== 'confirmDuplicate'),
    'give at least one field to change',
  );
export type ClientChangesInput = z.infer<typeof clientChangesSchema>;

export const clientSchema = z.object({
  id: z.string(),
  clinicId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  birthYear: z.number().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  preferredLanguage: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
export type ClientResponse = z.infer<typeof clientSchema>;

export const clientListSchema = z.object({ clients: z.array(clientSchema) });
export type ClientListResponse = z.infer<typeof clientListSchema>;

/** One change of a client's record: who, when, which fields (never the values). */
export const clientHistorySchema = z.object({
  history: z.array(
    z.object({
      action: z.string(),
      actorId: z.string().nullable(),
      occurredAt: z.string(),
      fields: z.array(z.string()),
    }),
  ),
});
