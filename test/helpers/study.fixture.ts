import { randomUUID } from 'node:crypto';
import type { Executor } from '../../src/server/db/database.ts';
import type { ParticipantStatus } from '../../src/server/db/database-schema.ts';
import { createStaffWithPassword } from './auth-client.ts';
import type { TestPractice } from './factories.ts';

// Studies for tests that need one before the research services exist to make it: rows as
// the tables hold them, random ids, so tests never collide (see factories.ts).

const NOW = '2026-11-02T10:00:00.000Z';

export interface TestMeasure {
  instrumentId: string;
  respondent: 'client' | 'therapist';
  timing?: 'enrolment' | 'sessions';
  sessionNumbers?: number[];
}

export interface TestStudy {
  id: string;
  organizationId: string;
  consentVersionId: string;
  measureIds: string[];
}

/** A recruiting study at the practice's clinic, its team, measures and an English consent v1. */
export async function createTestStudy(
  db: Executor,
  practice: TestPractice,
  researcherId: string,
  options: {
    measures?: TestMeasure[];
    withdrawalPolicy?: 'keep' | 'delete';
    senior?: boolean;
    recordingRetentionDays?: number;
  } = {},
): Promise<TestStudy> {
  const organizationId = practice.organization.id;
  const id = randomUUID();
  await db
    .insertInto('study')
    .values({
      id,
      organization_id: organizationId,
      title: `Test study ${id.slice(0, 8)}`,
      protocol_summary: 'A synthetic study for tests.',
      principal_investigator: 'Dr Test Investigator',
      ethics_reference: 'TEST-ETH-001',
      ethics_approved_on: '2026-10-01',
      status: 'recruiting',
      withdrawal_policy: options.withdrawalPolicy ?? 'keep',
      therapist_alliance_instrument_id: 'therapist-session-rating',
      reconsent_below_version: null,
      recording_retention_days: options.recordingRetentionDays ?? null,
      created_by: researcherId,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('study_clinic')
    .values({
      organization_id: organizationId,
      study_id: id,
      clinic_id: practice.clinic.id,
      target_enrolment: 6,
    })
    .execute();
  await db
    .insertInto('study_team_member')
    .values({
      organization_id: organizationId,
      study_id: id,
      staff_user_id: researcherId,
      is_senior: options.senior === false ? 0 : 1,
    })
    .execute();
  const measureIds: string[] = [];
  for (const [position, m] of (options.measures ?? []).entries()) {
    const measureId = randomUUID();
    measureIds.push(measureId);
    await db
      .insertInto('study_measure')
      .values({
        id: measureId,
        organization_id: organizationId,
        study_id: id,
        instrument_id: m.instrumentId,
        respondent: m.respondent,
        timing: m.timing ?? 'sessions',
        session_numbers: JSON.stringify(m.sessionNumbers ?? []),
        options: null,
        position,
      })
      .execute();
  }
  const consentVersionId = randomUUID();
  await db
    .insertInto('consent_version')
    .values({
      id: consentVersionId,
      organization_id: organizationId,
      study_id: id,
      language: 'en',
      version: 1,
      information_text: '# About this study\n\nA synthetic information text.',
      statements: JSON.stringify(['I have read the information.', 'I agree to take part.']),
      effective_from: '2026-10-01',
      created_by: researcherId,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return { id, organizationId, consentVersionId, measureIds };
}

/** A participant row (and its first step) with the given status, as consent would leave it. */
export async function createTestParticipant(
  db: Executor,
  practice: TestPractice,
  study: TestStudy,
  person:
    | { role: 'client'; caseId: string; clientId: string }
    | { role: 'therapist'; staffUserId: string },
  status: ParticipantStatus = 'consented',
): Promise<{ id: string; pseudonym: string }> {
  const id = randomUUID();
  const key =
    person.role === 'client' ? `client:${person.clientId}` : `therapist:${person.staffUserId}`;
  const pseudonym = `${person.role === 'client' ? 'C' : 'T'}-${id.slice(0, 6)}`;
  await db
    .insertInto('study_participant')
    .values({
      id,
      organization_id: study.organizationId,
      study_id: study.id,
      clinic_id: practice.clinic.id,
      role: person.role,
      case_id: person.role === 'client' ? person.caseId : null,
      client_id: person.role === 'client' ? person.clientId : null,
      staff_user_id: person.role === 'therapist' ? person.staffUserId : null,
      participant_key: key,
      pseudonym,
      needs_guardian: 0,
      status,
      withdrawal_data: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('study_participant_event')
    .values({
      id: randomUUID(),
      organization_id: study.organizationId,
      study_id: study.id,
      participant_id: id,
      status,
      actor_kind: 'system',
      actor_id: null,
      at: NOW,
    })
    .execute();
  return { id, pseudonym };
}

/** A new researcher (with the test password) on the study's team, not senior. */
export async function addJuniorResearcher(db: Executor, practice: TestPractice, study: TestStudy) {
  const junior = await createStaffWithPassword(db, practice, 'researcher');
  await db
    .insertInto('study_team_member')
    .values({
      organization_id: study.organizationId,
      study_id: study.id,
      staff_user_id: junior.id,
      is_senior: 0,
    })
    .execute();
  return junior;
}
