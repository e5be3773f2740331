import type { Executor } from '../db/database.ts';
import type { SessionReflectionNoteTable } from '../db/database-schema.ts';

/** A therapist's private reflection on one session. The body is clinical text: never logged. */
export interface ReflectionNote {
  id: string;
  organizationId: string;
  sessionId: string;
  authorId: string;
  body: string;
  sharedWithSupervisor: boolean;
  createdAt: string;
  updatedAt: string;
}

const noteRowToNote = (row: SessionReflectionNoteTable): ReflectionNote => ({
  id: row.id,
  organizationId: row.organization_id,
  sessionId: row.session_id,
  authorId: row.author_id,
  body: row.body,
  sharedWithSupervisor: Number(row.shared_with_supervisor) === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The caller's own note on a session, if they wrote one. */
export async function findOwnReflectionNote(
  db: Executor,
  organizationId: string,
  sessionId: string,
  authorId: string,
): Promise<ReflectionNote | undefined> {
  const row = await db
    .selectFrom('session_reflection_note')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('session_id', '=', sessionId)
    .where('author_id', '=', authorId)
    .executeTakeFirst();
  return row && noteRowToNote(row);
}

/**
 * The notes on a session that their authors shared with `supervisorId`: only notes whose
 * author the caller supervises, and only while shared. A co-therapist never sees them.
 */
export async function listReflectionNotesSharedWith(
  db: Executor,
  organizationId: string,
  sessionId: string,
  supervisorId: string,
): Promise<ReflectionNote[]> {
  const rows = await db
    .selectFrom('session_reflection_note as n')
    .innerJoin('supervision as sv', (join) =>
      join
        .onRef('sv.supervisee_id', '=', 'n.author_id')
        .onRef('sv.organization_id', '=', 'n.organization_id'),
    )
    .selectAll('n')
    .where('n.organization_id', '=', organizationId)
    .where('n.session_id', '=', sessionId)
    .where('n.shared_with_supervisor', '=', 1)
    .where('sv.supervisor_id', '=', supervisorId)
    .where('n.author_id', '!=', supervisorId)
    .orderBy('n.created_at')
    .execute();
  return rows.map(noteRowToNote);
}

/** Writes the author's note on a session: one per session and author. */
export async function upsertReflectionNote(db: Executor, note: ReflectionNote): Promise<void> {
  await db
    .insertInto('session_reflection_note')
    .values({
      id: note.id,
      organization_id: note.organizationId,
      session_id: note.sessionId,
      author_id: note.authorId,
      body: note.body,
      shared_with_supervisor: note.sharedWithSupervisor ? 1 : 0,
      created_at: note.createdAt,
      updated_at: note.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'author_id']).doUpdateSet({
        body: note.body,
        shared_with_supervisor: note.sharedWithSupervisor ? 1 : 0,
        updated_at: note.updatedAt,
      }),
    )
    .execute();
}
