import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { ParticipantStatus } from '../../db/database-schema.ts';

/**
 * A participant as the study team sees them: by pseudonym, never a name, case or client id
 * (issue 16, item 6). Only these columns are selected, so nothing else can leak.
 */
export interface TeamParticipantRecord {
  id: string;
  pseudonym: string;
  role: 'client' | 'therapist';
  clinicId: string;
  clinicName: string;
  status: ParticipantStatus;
  needsGuardian: boolean;
  consentVersion: number | null;
  consentLanguage: string | null;
  consentedAt: string | null;
  steps: { status: ParticipantStatus; at: string }[];
}

/** The study's participants by pseudonym, with their latest consent and every step. */
export async function listParticipantsForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<TeamParticipantRecord[]> {
  const participants = await db
    .selectFrom('study_participant as p')
    .innerJoin('clinic', 'clinic.id', 'p.clinic_id')
    .select([
      'p.id',
      'p.pseudonym',
      'p.role',
      'p.clinic_id',
      'clinic.name as clinic_name',
      'p.status',
      'p.needs_guardian',
    ])
    .where('p.organization_id', '=', actor.organizationId)
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('p.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('p.study_id')))
    .orderBy('p.pseudonym')
    .execute();
  if (participants.length === 0) return [];

  // The consent that counts is the person's own or their guardian's (an assent comes with
  // a guardian's consent); the latest one by signing time.
  const records = await db
    .selectFrom('consent_record as r')
    .innerJoin('consent_version as v', 'v.id', 'r.consent_version_id')
    .select(['r.participant_id', 'r.signed_at', 'r.decision', 'v.version', 'v.language'])
    .where('r.organization_id', '=', actor.organizationId)
    .where('v.organization_id', '=', actor.organizationId)
    .where('r.study_id', '=', studyId)
    .where('r.kind', 'in', ['consent', 'guardian-consent'])
    .orderBy('r.signed_at')
    .orderBy('r.id')
    .execute();
  const latest = new Map<string, (typeof records)[number]>();
  for (const r of records) latest.set(r.participant_id, r);

  const events = await db
    .selectFrom('study_participant_event')
    .select(['participant_id', 'status', 'at'])
    .where('organization_id', '=', actor.organizationId)
    .where('study_id', '=', studyId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const steps = new Map<string, { status: ParticipantStatus; at: string }[]>();
  for (const e of events) {
    const list = steps.get(e.participant_id) ?? [];
    list.push({ status: e.status, at: e.at });
    steps.set(e.participant_id, list);
  }

  return participants.map((p) => {
    const consent = latest.get(p.id);
    const consented = consent?.decision === 'consented';
    return {
      id: p.id,
      pseudonym: p.pseudonym,
      role: p.role,
      clinicId: p.clinic_id,
      clinicName: p.clinic_name,
      status: p.status,
      needsGuardian: p.needs_guardian === 1,
      consentVersion: consented ? consent.version : null,
      consentLanguage: consented ? consent.language : null,
      consentedAt: consented ? consent.signed_at : null,
      steps: steps.get(p.id) ?? [],
    };
  });
}
