import { randomUUID } from 'node:crypto';
import { caseToRow, insertCases } from '../../src/server/cases/case.repository.ts';
import { clientToRow, insertClients } from '../../src/server/clients/client.repository.ts';
import type { Executor } from '../../src/server/db/database.ts';
import type { Attendance, CaseType, StaffRoleName } from '../../src/server/db/database-schema.ts';
import {
  type Clinic,
  type Organization,
  insertClinic,
  insertOrganization,
} from '../../src/server/organizations/organization.repository.ts';
import { insertSessions, sessionToRow } from '../../src/server/sessions/session.repository.ts';
import { insertStaffRole, insertStaffUser } from '../../src/server/staff/staff.repository.ts';

// Factories in the Medplum manner: random ids and names, so tests never collide and never
// need to clean up, on SQLite and on the shared PostgreSQL database alike.

const NOW = '2026-11-02T10:00:00.000Z';
const tag = () => randomUUID().slice(0, 8);

export interface TestPractice {
  organization: Organization;
  clinic: Clinic;
}

export async function createTestPractice(db: Executor): Promise<TestPractice> {
  const t = tag();
  const organization: Organization = {
    id: randomUUID(),
    name: `Test Practice ${t}`,
    slug: `test-${t}`,
    createdAt: NOW,
  };
  await insertOrganization(db, organization);
  const clinic: Clinic = {
    id: randomUUID(),
    organizationId: organization.id,
    name: `Clinic ${t}`,
    timeZone: 'Europe/London',
  };
  await insertClinic(db, clinic, NOW);
  return { organization, clinic };
}

export async function createTestStaff(
  db: Executor,
  practice: TestPractice,
  role: StaffRoleName = 'therapist',
) {
  const user = {
    id: randomUUID(),
    organizationId: practice.organization.id,
    email: `${role}-${tag()}@test.example`,
    displayName: `Test ${role}`,
    status: 'active' as const,
  };
  await insertStaffUser(db, user, NOW);
  await insertStaffRole(db, practice.organization.id, user.id, {
    clinicId: practice.clinic.id,
    role,
  });
  return user;
}

export async function createTestCase(
  db: Executor,
  practice: TestPractice,
  therapistId: string,
  options: { type?: CaseType; members?: number; attendance?: Attendance[] } = {},
) {
  const orgId = practice.organization.id;
  const clients = Array.from({ length: options.members ?? 1 }, (_, i) => ({
    id: randomUUID(),
    organizationId: orgId,
    clinicId: practice.clinic.id,
    givenName: `Client${i + 1}`,
    familyName: `Test${tag()}`,
    birthYear: 1990,
    preferredLanguage: 'en',
    email: null,
  }));
  await insertClients(
    db,
    clients.map((c) => clientToRow(c, NOW)),
  );
  const careCase = {
    id: randomUUID(),
    organizationId: orgId,
    clinicId: practice.clinic.id,
    reference: `T-${tag()}`,
    type: options.type ?? 'individual',
    presentingConcerns: ['anxiety'],
    status: 'active' as const,
    openedAt: NOW,
    closedAt: null,
  };
  await insertCases(
    db,
    [caseToRow(careCase)],
    clients.map((c) => ({
      organization_id: orgId,
      case_id: careCase.id,
      client_id: c.id,
      relationship: 'self',
    })),
    [{ organization_id: orgId, case_id: careCase.id, staff_user_id: therapistId, is_primary: 1 }],
  );
  const sessions = (options.attendance ?? ['attended', 'attended', 'scheduled']).map(
    (attendance, i) => {
      const startsAt = new Date(Date.parse(NOW) + i * 7 * 86_400_000);
      return {
        id: randomUUID(),
        organizationId: orgId,
        caseId: careCase.id,
        number: i + 1,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 50 * 60_000).toISOString(),
        attendance,
        modality: 'in-person' as const,
        language: 'en',
        interpreterId: null,
      };
    },
  );
  await insertSessions(
    db,
    sessions.map((s) => sessionToRow(s, NOW)),
  );
  return { careCase, clients, sessions };
}
