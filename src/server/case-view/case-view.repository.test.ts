import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStaff } from '../../../test/helpers/factories.ts';
import { createScoredCase } from '../../../test/helpers/scored-case.fixture.ts';
import { createSupervisedPractice } from '../../../test/helpers/test-app.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { listMemberNames, listTherapistNames } from '../cases/case-names.repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { StaffRoleName } from '../db/database-schema.ts';
import { listReadableScoresForCase } from '../measurement/questionnaire-response.repository.ts';
import { findCaseHeader, listCaseRequests, listCaseSessions } from './case-view.repository.ts';

const NOW = new Date('2026-11-10T12:00:00.000Z');

/**
 * The case page's reads apply the actor's access in their own SQL: called directly, without
 * the header's check first, they give someone outside the case nothing at all.
 */
describe.each(testDialects)("the case page's reads on %s", (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('answer the case to its therapist and supervisor, and nothing to anyone else', async () => {
    const db = handle.db;
    const clock = () => NOW;
    const { practice, therapist, supervisor } = await createSupervisedPractice(db, clock);
    const { careCase } = await createScoredCase(db, clock, practice, therapist.id, {
      type: 'individual',
      members: 1,
      attendance: ['attended', 'scheduled'],
      firstSessionAt: '2026-10-27T09:00:00.000Z',
      wai: () => 44,
    });
    const colleague = await createTestStaff(db, practice, 'therapist');
    const admin = await createTestStaff(db, practice, 'admin');
    const actorOf = (user: { id: string }, role: StaffRoleName): StaffActor => ({
      userId: user.id,
      organizationId: practice.organization.id,
      roles: [{ clinicId: practice.clinic.id, role }],
      authSessionId: 'test-session',
    });

    const readAs = async (actor: StaffActor) => {
      const [header, sessions, requests, scores, members, therapists] = await Promise.all([
        findCaseHeader(db, actor, careCase.id),
        listCaseSessions(db, actor, careCase.id),
        listCaseRequests(db, actor, careCase.id),
        listReadableScoresForCase(db, actor, careCase.id),
        listMemberNames(db, actor, [careCase.id]),
        listTherapistNames(db, actor, [careCase.id]),
      ]);
      return {
        access: header?.access,
        sessions: sessions.length,
        requests: requests.length,
        scores: scores.length,
        members: members.length,
        therapists: therapists.length,
      };
    };

    const asTherapist = await readAs(actorOf(therapist, 'therapist'));
    expect(asTherapist).toMatchObject({ access: 'write', sessions: 2, members: 1, therapists: 1 });
    expect(asTherapist.requests).toBeGreaterThan(0);
    expect(asTherapist.scores).toBeGreaterThan(0);
    expect(await readAs(actorOf(supervisor, 'supervisor'))).toEqual({
      ...asTherapist,
      access: 'read',
    });

    const nothing = {
      access: undefined,
      sessions: 0,
      requests: 0,
      scores: 0,
      members: 0,
      therapists: 0,
    };
    expect(await readAs(actorOf(colleague, 'therapist'))).toEqual(nothing);
    expect(await readAs(actorOf(admin, 'admin'))).toEqual(nothing);
    // The supervisor's own id, signed in to another organization, reads nothing of it.
    expect(
      await readAs({ ...actorOf(supervisor, 'supervisor'), organizationId: 'another-org' }),
    ).toEqual(nothing);
  });
});
