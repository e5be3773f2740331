import type {
  CaseMemberTable,
  CaseTable,
  CaseTherapistTable,
  ClientTable,
  SessionTable,
} from '../db/database-schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { setPasswordHashForOrganization } from '../auth/credential.repository.ts';
import { hashPassword } from '../auth/password-hashing.ts';
import { caseToRow, insertCases } from '../cases/case.repository.ts';
import { clientToRow, insertClients } from '../clients/client.repository.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { insertInterpreter } from '../interpreters/interpreter.repository.ts';
import {
  type Organization,
  findOrganizationBySlug,
  insertClinic,
  insertOrganization,
} from '../organizations/organization.repository.ts';
import { insertSessions, sessionToRow } from '../sessions/session.repository.ts';
import { insertStaffRole, insertStaffUser, insertSupervision } from '../staff/staff.repository.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import type { DemoPractice } from './generate-demo-practice.ts';

export interface SeedResult {
  organization: Organization;
  reused: boolean;
  clients: number;
  cases: number;
  sessions: number;
}

// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_INSERT = 1000;
const CASES_PER_TRANSACTION = 2000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

/**
 * Writes a generated practice, or reuses it when an organization with its slug is already
 * there (so `npm run demo` twice keeps what you did the first time).
 */
export async function seedDemoPractice(
  db: Database,
  clock: Clock,
  practice: DemoPractice,
): Promise<SeedResult> {
  const existing = await findOrganizationBySlug(db, practice.organization.slug);
  if (existing) return { organization: existing, reused: true, clients: 0, cases: 0, sessions: 0 };

  const now = practice.organization.createdAt;
  // One argon2 hash for every demo account (they share the printed password): hashing each
  // would cost ~20 × 50 ms for nothing, whatever --clients says.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // One transaction: an interrupted seed leaves nothing behind that the next run would reuse.
  const totals = await inTransaction(db, async (trx) => {
    await insertOrganization(trx, practice.organization);
    for (const clinic of practice.clinics) await insertClinic(trx, clinic, now);
    for (const person of practice.staff) {
      await insertStaffUser(trx, person, now);
      for (const role of person.roles)
        await insertStaffRole(trx, person.organizationId, person.id, role);
    }
    await setPasswordHashForOrganization(trx, practice.organization.id, passwordHash);
    for (const person of practice.staff) {
      for (const supervisee of person.supervises)
        await insertSupervision(trx, person.organizationId, person.id, supervisee);
    }
    for (const interpreter of practice.interpreters) {
      await insertInterpreter(
        trx,
        { ...interpreter, organizationId: practice.organization.id, briefingAcknowledgedAt: now },
        now,
      );
    }

    const counts = { clients: 0, cases: 0, sessions: 0 };
    let batch = {
      clients: [] as ClientTable[],
      cases: [] as CaseTable[],
      members: [] as CaseMemberTable[],
      therapists: [] as CaseTherapistTable[],
      sessions: [] as SessionTable[],
    };
    const flush = async () => {
      const b = batch;
      batch = { clients: [], cases: [], members: [], therapists: [], sessions: [] };
      await insertChunked(b.clients, (chunk) => insertClients(trx, chunk));
      await insertChunked(b.cases, (chunk) => insertCases(trx, chunk, [], []));
      await insertChunked(b.members, (chunk) => insertCases(trx, [], chunk, []));
      await insertChunked(b.therapists, (chunk) => insertCases(trx, [], [], chunk));
      await insertChunked(b.sessions, (chunk) => insertSessions(trx, chunk));
    };
    for (const demoCase of practice.cases()) {
      const orgId = practice.organization.id;
      batch.clients.push(
        ...demoCase.clients.map((c) => clientToRow(c, demoCase.careCase.openedAt)),
      );
      batch.cases.push(caseToRow(demoCase.careCase));
      batch.members.push(
        ...demoCase.members.map((m) => ({
          organization_id: orgId,
          case_id: demoCase.careCase.id,
          client_id: m.clientId,
          relationship: m.relationship,
        })),
      );
      batch.therapists.push({
        organization_id: orgId,
        case_id: demoCase.careCase.id,
        staff_user_id: demoCase.therapistId,
        is_primary: 1,
      });
      batch.sessions.push(...demoCase.sessions.map((s) => sessionToRow(s, s.startsAt)));
      counts.clients += demoCase.clients.length;
      counts.cases += 1;
      counts.sessions += demoCase.sessions.length;
      if (batch.cases.length >= CASES_PER_TRANSACTION) await flush();
    }
    await flush();

    await recordAudit(trx, clock, {
      organizationId: practice.organization.id,
      actorType: 'cli',
      actorId: null,
      action: 'demo.seed',
      entityType: 'organization',
      entityId: practice.organization.id,
      details: { ...counts },
    });
    return counts;
  });
  return { organization: practice.organization, reused: false, ...totals };
}
