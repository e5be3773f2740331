import { randomUUID } from 'node:crypto';
import { notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { findSessionForActor } from '../sessions/session.repository.ts';
import {
  type ReflectionNote,
  findOwnReflectionNote,
  listReflectionNotesSharedWith,
  upsertReflectionNote,
} from './reflection-note.repository.ts';
import { requireOpenCase } from '../cases/require-open-case.service.ts';

export interface ReflectionView {
  /** The caller's own note (null when they have not written one, or cannot write one). */
  own: ReflectionNote | null;
  /** Notes the caller's supervisees shared with them. */
  shared: ReflectionNote[];
}

/**
 * Private reflections: a therapist on the case reads and writes their own note; the
 * author's supervisor reads it only while it is shared; anyone else gets 404, as does a
 * supervisor when nothing is shared with them. The text is never logged or audited.
 */
export async function getReflection(
  deps: { db: Database; clock: Clock },
  actor: StaffActor,
  sessionId: string,
  origin: RequestOrigin,
): Promise<ReflectionView> {
  return inTransaction(deps.db, async (trx) => {
    const session = await findSessionForActor(trx, actor, sessionId);
    if (!session) throw notFound('Reflection');
    const own =
      session.access === 'write'
        ? ((await findOwnReflectionNote(trx, actor.organizationId, session.id, actor.userId)) ??
          null)
        : null;
    const shared = await listReflectionNotesSharedWith(
      trx,
      actor.organizationId,
      session.id,
      actor.userId,
    );
    if (session.access !== 'write' && shared.length === 0) throw notFound('Reflection');
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'session.reflection.read',
      entityType: 'session',
      entityId: session.id,
      details: { own: own !== null, shared: shared.length },
    });
    return { own, shared };
  });
}

export async function saveReflection(
  deps: { db: Database; clock: Clock },
  actor: StaffActor,
  sessionId: string,
  input: { body: string; sharedWithSupervisor: boolean },
  origin: RequestOrigin,
): Promise<ReflectionNote> {
  return inTransaction(deps.db, async (trx) => {
    const session = await findSessionForActor(trx, actor, sessionId);
    if (!session || session.access !== 'write') throw notFound('Session');
    await requireOpenCase(trx, actor.organizationId, session.caseId);
    const now = deps.clock().toISOString();
    const existing = await findOwnReflectionNote(
      trx,
      actor.organizationId,
      session.id,
      actor.userId,
    );
    const note: ReflectionNote = {
      id: existing?.id ?? randomUUID(),
      organizationId: actor.organizationId,
      sessionId: session.id,
      authorId: actor.userId,
      body: input.body,
      sharedWithSupervisor: input.sharedWithSupervisor,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await upsertReflectionNote(trx, note);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'session.reflection.write',
      entityType: 'session_reflection_note',
      entityId: note.id,
      // Whether it is shared and how long it is; never the text.
      details: { sessionId: session.id, shared: note.sharedWithSupervisor },
    });
    return note;
  });
}
