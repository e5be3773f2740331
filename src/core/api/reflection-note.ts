/** Bodies of a session's reflection notes (src/server/notes/reflection-note.routes.ts). */
import { z } from 'zod';

export const reflectionNoteSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  body: z.string(),
  sharedWithSupervisor: z.boolean(),
  updatedAt: z.string(),
});
export type ReflectionNoteView = z.infer<typeof reflectionNoteSchema>;

/** Your own reflection, and those your supervisees shared with you. */
export const reflectionsSchema = z.object({
  own: reflectionNoteSchema.nullable(),
  shared: z.array(reflectionNoteSchema),
});
export type Reflections = z.infer<typeof reflectionsSchema>;

export const saveReflectionBodySchema = z.strictObject({
  body: z.string().max(20_000),
  sharedWithSupervisor: z.boolean(),
});
export type SaveReflectionBody = z.input<typeof saveReflectionBodySchema>;
