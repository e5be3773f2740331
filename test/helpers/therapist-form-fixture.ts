import { createStaffWithPassword } from './auth-client.ts';
import { type TestPractice, createTestCase, createTestPractice } from './factories.ts';
import type { InstrumentDefinitionInput } from '../../src/core/instruments/instrument-definition.ts';
import type { Clock } from '../../src/server/clock.ts';
import type { Database } from '../../src/server/db/database.ts';
import { importInstrumentDefinition } from '../../src/server/instruments/instrument.service.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { everySession, insertTestPlan } from './plan.fixture.ts';

export const FIXTURE_SECRET = 'therapist-form-fixture-secret-0123456789-abc';

/**
 * A therapist-side instrument for tests only. No therapist alliance form is bundled (its
 * wording could not be verified), so this one is plainly synthetic and says so.
 */
export const syntheticTherapistForm: InstrumentDefinitionInput = {
  id: 'synthetic-therapist-check',
  version: '1.0.0',
  title: 'Synthetic therapist check (test only)',
  citation: 'Synthetic test instrument; not a clinical measure.',
  wordingSource: 'Test wording written for automated tests only.',
  standardised: false,
  licence: { class: 'site-licensed', text: 'Test fixture.' },
  perspective: 'therapist',
  languages: ['en'],
  instructions: { en: 'Synthetic test form: pick any answer.' },
  higherIsBetter: true,
  responseSets: [
    {
      id: 'level',
      options: [1, 2, 3, 4, 5].map((value) => ({ value, label: { en: `Test level ${value}` } })),
    },
  ],
  items: ['Synthetic test item A', 'Synthetic test item B'].map((text, index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text },
    responses: 'level',
    required: true,
  })),
  scales: [
    {
      id: 'total',
      title: 'Synthetic total',
      items: ['1', '2'],
      method: 'mean',
      range: { min: 1, max: 5 },
      missing: { maxMissing: 0, source: 'Test fixture: complete forms only.' },
    },
  ],
};

/**
 * A practice whose plan asks the client for the WAI-SR and the therapist for the synthetic
 * form, a therapist who can sign in, and a case whose first session was attended.
 */
export async function sessionWithTherapistForm(
  db: Database,
  clock: Clock,
  options: { practice?: TestPractice } = {},
) {
  const practice = options.practice ?? (await createTestPractice(db));
  const therapist = await createStaffWithPassword(db, practice);
  await importInstrumentDefinition(
    db,
    clock,
    { organizationId: practice.organization.id, definition: syntheticTherapistForm },
    { type: 'cli', id: null },
  ).catch(() => undefined); // already imported for this practice
  await insertTestPlan(db, practice, {
    entries: [everySession('wai-sr'), everySession(syntheticTherapistForm.id, 'therapist')],
  });
  const made = await createTestCase(db, practice, therapist.id, { attendance: ['scheduled'] });
  const session = made.sessions[0]!;
  await recordAttendance(
    db,
    clock,
    FIXTURE_SECRET,
    { organizationId: practice.organization.id, sessionId: session.id, attendance: 'attended' },
    { type: 'system', id: null },
  );
  const requests = await listRequestsForSession(db, practice.organization.id, session.id);
  return {
    practice,
    therapist,
    ...made,
    session,
    clientRequest: requests.find((r) => r.respondentKind === 'client')!,
    therapistRequest: requests.find((r) => r.respondentKind === 'therapist')!,
  };
}
