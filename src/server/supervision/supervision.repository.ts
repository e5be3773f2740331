import {
  type FindingMessage,
  parseStoredFindingMessage,
} from '../../core/alliance/finding-message.ts';
import { readableCase, supervisedCases } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { SupervisionNoteTable } from '../db/database-schema.ts';

export interface QueueAlert {
  alertId: string;
  caseId: string;
  caseReference: string;
  type: string;
  severity: 'warning' | 'urgent';
  status: 'open' | 'acknowledged';
  latestSession: number;
  explanation: FindingMessage;
  updatedAt: string;
}

export interface QueueFlaggedSession {
  ruptureEventId: string;
  caseId: string;
  caseReference: string;
  sessionNumber: number;
  outcome: string;
  /** The therapist's "what happened": free text, shown, never logged. */
  description: string;
  recordedBy: string;
  recordedByName: string;
  createdAt: string;
}

/** Unresolved warnings and urgent alerts on the supervisees' cases, urgent first. */
export async function listQueueAlerts(db: Executor, actor: StaffActor): Promise<QueueAlert[]> {
  const rows = await db
    .selectFrom('alert')
    .innerJoin('care_case', 'care_case.id', 'alert.case_id')
    .select([
      'alert.id',
      'alert.case_id',
      'care_case.reference',
      'alert.type',
      'alert.severity',
      'alert.status',
      'alert.latest_session',
      'alert.explanation_key',
      'alert.explanation_params',
      'alert.updated_at',
    ])
    .where('alert.organization_id', '=', actor.organizationId)
    .where('care_case.organization_id', '=', actor.organizationId)
    .where('alert.status', '!=', 'resolved')
    .where('alert.severity', '!=', 'info')
    .where('alert.case_id', 'in', supervisedCases(actor))
    .orderBy('alert.updated_at', 'desc')
    .orderBy('alert.id')
    .limit(500)
    .execute();
  const alerts = rows.map((r) => ({
    alertId: r.id,
    caseId: r.case_id,
    caseReference: r.reference,
    type: r.type,
    severity: r.severity as QueueAlert['severity'],
    status: r.status as QueueAlert['status'],
    latestSession: Number(r.latest_session),
    explanation: parseStoredFindingMessage(r.explanation_key, r.explanation_params),
    updatedAt: r.updated_at,
  }));
  return alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'urgent' ? -1 : 1));
}

/** Sessions the supervisees flagged for supervision on a rupture event, newest first. */
export async function listQueueFlaggedSessions(
  db: Executor,
  actor: StaffActor,
): Promise<QueueFlaggedSession[]> {
  const rows = await db
    .selectFrom('rupture_event')
    .innerJoin('care_case', 'care_case.id', 'rupture_event.case_id')
    .innerJoin('therapy_session', 'therapy_session.id', 'rupture_event.session_id')
    .innerJoin('staff_user', 'staff_user.id', 'rupture_event.recorded_by')
    .select([
      'rupture_event.id',
      'rupture_event.case_id',
      'care_case.reference',
      'therapy_session.number',
      'rupture_event.outcome',
      'rupture_event.description',
      'rupture_event.recorded_by',
      'staff_user.display_name',
      'rupture_event.created_at',
    ])
    .where('rupture_event.organization_id', '=', actor.organizationId)
    .where('care_case.organization_id', '=', actor.organizationId)
    .where('rupture_event.flagged_for_supervision', '=', 1)
    .where('rupture_event.case_id', 'in', supervisedCases(actor))
    .orderBy('rupture_event.created_at', 'desc')
    .orderBy('rupture_event.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    ruptureEventId: r.id,
    caseId: r.case_id,
    caseReference: r.reference,
    sessionNumber: Number(r.number),
    outcome: r.outcome,
    description: r.description,
    recordedBy: r.recorded_by,
    recordedByName: r.display_name,
    createdAt: r.created_at,
  }));
}

export interface QueueCase {
  caseId: string;
  caseReference: string;
  therapists: { id: string; displayName: string }[];
}

/** The assigned therapists of the queue's cases (`cases`: id → reference), primary first. */
export async function listQueueCaseTherapists(
  db: Executor,
  actor: StaffActor,
  cases: ReadonlyMap<string, string>,
): Promise<QueueCase[]> {
  if (cases.size === 0) return [];
  const rows = await db
    .selectFrom('case_therapist as ct')
    .innerJoin('staff_user as u', 'u.id', 'ct.staff_user_id')
    .select(['ct.case_id', 'u.id', 'u.display_name', 'ct.is_primary'])
    .where('ct.organization_id', '=', actor.organizationId)
    .where('u.organization_id', '=', actor.organizationId)
    .where('ct.case_id', 'in', [...cases.keys()])
    .where('ct.case_id', 'in', supervisedCases(actor))
    .orderBy('ct.is_primary', 'desc')
    .orderBy('u.display_name')
    .execute();
  return [...cases].map(([caseId, caseReference]) => ({
    caseId,
    caseReference,
    therapists: rows
      .filter((r) => r.case_id === caseId)
      .map((r) => ({ id: r.id, displayName: r.display_name })),
  }));
}

export interface SupervisionNote {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  sessionId: string | null;
  /** Clinical free text, never logged. */
  body: string;
  createdAt: string;
}

export async function insertSupervisionNote(
  db: Executor,
  row: SupervisionNoteTable,
): Promise<void> {
  await db.insertInto('supervision_note').values(row).execute();
}

/** A case's supervision notes, for its therapists and their supervisors only, oldest first. */
export async function listSupervisionNotes(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<SupervisionNote[]> {
  const rows = await db
    .selectFrom('supervision_note')
    .innerJoin('staff_user', 'staff_user.id', 'supervision_note.author_id')
    .selectAll('supervision_note')
    .select('staff_user.display_name')
    .where('supervision_note.organization_id', '=', actor.organizationId)
    .where('supervision_note.case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('supervision_note.case_id')))
    .orderBy('supervision_note.created_at')
    .orderBy('supervision_note.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    authorId: r.author_id,
    authorName: r.display_name,
    sessionId: r.session_id,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** The time zone of the case's clinic, for showing note times (the caller checked access). */
export async function findCaseClinicTimeZone(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('care_case')
    .innerJoin('clinic', 'clinic.id', 'care_case.clinic_id')
    .select('clinic.time_zone')
    .where('care_case.organization_id', '=', organizationId)
    .where('clinic.organization_id', '=', organizationId)
    .where('care_case.id', '=', caseId)
    .executeTakeFirst();
  return row?.time_zone;
}
