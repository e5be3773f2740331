import type { Executor } from '../db/database.ts';

// The reverse of the interview booking rule (issue 17, item 5): an interpreter who
// interpreted a research interview of one of the case's people should not interpret that
// person's therapy. Sessions sit below research (docs/architecture.md), so this reads the
// interview tables directly instead of importing research; nothing of the study is returned
// but the respondent's role.

/** Booked or held: a scheduled interview, or one that took place (in full or in part). */
const INTERPRETED_STATUSES = ['scheduled', 'completed', 'partial'] as const;

/**
 * The roles ('client', 'therapist') of the case's people whose research interview this
 * interpreter interpreted or is booked to interpret: a client member of the case, or a
 * therapist of the case.
 */
export async function listInterviewedRolesInCase(
  db: Executor,
  organizationId: string,
  caseId: string,
  interpreterId: string,
): Promise<('client' | 'therapist')[]> {
  const rows = await db
    .selectFrom('interview_booking as b')
    .innerJoin('interview_task as t', 't.id', 'b.task_id')
    .innerJoin('study_participant as sp', 'sp.id', 't.participant_id')
    .select('sp.role')
    .distinct()
    .where('b.organization_id', '=', organizationId)
    .where('b.interpreter_id', '=', interpreterId)
    .where('t.status', 'in', [...INTERPRETED_STATUSES])
    .where((eb) =>
      eb.or([
        eb(
          'sp.client_id',
          'in',
          eb
            .selectFrom('case_member')
            .select('client_id')
            .where('organization_id', '=', organizationId)
            .where('case_id', '=', caseId),
        ),
        eb(
          'sp.staff_user_id',
          'in',
          eb
            .selectFrom('case_therapist')
            .select('staff_user_id')
            .where('organization_id', '=', organizationId)
            .where('case_id', '=', caseId),
        ),
      ]),
    )
    .orderBy('sp.role')
    .execute();
  return rows.map((r) => r.role);
}
