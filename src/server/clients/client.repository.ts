import { intakeClinic } from '../access/intake-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { ClientTable } from '../db/database-schema.ts';

export interface Client {
  id: string;
  organizationId: string;
  clinicId: string;
  givenName: string;
  familyName: string;
  birthYear: number | null;
  preferredLanguage: string;
  email: string | null;
  preferredName?: string | null;
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  mobile?: string | null;
}

export interface ClientRecord extends Required<Client> {
  createdAt: string;
  updatedAt: string | null;
}

export const clientToRow = (client: Client, createdAt: string): ClientTable => ({
  id: client.id,
  organization_id: client.organizationId,
  clinic_id: client.clinicId,
  given_name: client.givenName,
  family_name: client.familyName,
  birth_year: client.birthYear,
  preferred_language: client.preferredLanguage,
  email: client.email,
  created_at: createdAt,
  preferred_name: client.preferredName ?? null,
  date_of_birth: client.dateOfBirth ?? null,
  mobile: client.mobile ?? null,
  updated_at: null,
});

const clientRowToClient = (row: ClientTable): ClientRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  clinicId: row.clinic_id,
  givenName: row.given_name,
  familyName: row.family_name,
  birthYear: row.birth_year,
  preferredLanguage: row.preferred_language,
  email: row.email,
  preferredName: row.preferred_name,
  dateOfBirth: row.date_of_birth,
  mobile: row.mobile,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function insertClients(db: Executor, rows: ClientTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('client').values(rows).execute();
}

export async function findClient(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<ClientRecord | undefined> {
  const row = await db
    .selectFrom('client')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && clientRowToClient(row);
}

/** A client of a clinic where the actor may do intake (docs/access-policy.md); else undefined. */
export async function findClientForIntake(
  db: Executor,
  actor: StaffActor,
  id: string,
): Promise<ClientRecord | undefined> {
  const row = await db
    .selectFrom('client')
    .selectAll('client')
    .where('client.organization_id', '=', actor.organizationId)
    .where('client.id', '=', id)
    .where((eb) => intakeClinic(actor, eb.ref('client.clinic_id')))
    .executeTakeFirst();
  return row && clientRowToClient(row);
}

/** Clients of the clinics where the actor may do intake, by name; `search` matches any name part. */
export async function listClientsForIntake(
  db: Executor,
  actor: StaffActor,
  search: string | undefined,
  limit = 200,
): Promise<ClientRecord[]> {
  let query = db
    .selectFrom('client')
    .selectAll('client')
    .where('client.organization_id', '=', actor.organizationId)
    .where((eb) => intakeClinic(actor, eb.ref('client.clinic_id')));
  if (search) {
    const pattern = `%${search.toLowerCase().replaceAll(/[%_\\]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['client.given_name']), 'like', pattern),
        eb(eb.fn('lower', ['client.family_name']), 'like', pattern),
        eb(eb.fn('lower', ['client.preferred_name']), 'like', pattern),
      ]),
    );
  }
  const rows = await query
    .orderBy('client.family_name')
    .orderBy('client.given_name')
    .orderBy('client.id')
    .limit(limit)
    .execute();
  return rows.map(clientRowToClient);
}

/**
 * Another client of the organization with the same name (ignoring case) and date of birth —
 * or birth year, when only that is known — the likely duplicate a person must confirm.
 */
export async function findDuplicateClient(
  db: Executor,
  organizationId: string,
  candidate: {
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    birthYear: number | null;
  },
  excludeId?: string,
): Promise<string | undefined> {
  if (!candidate.dateOfBirth && candidate.birthYear === null) return undefined;
  let query = db
    .selectFrom('client')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['given_name']), '=', candidate.givenName.toLowerCase()))
    .where((eb) => eb(eb.fn('lower', ['family_name']), '=', candidate.familyName.toLowerCase()));
  query = candidate.dateOfBirth
    ? query.where('date_of_birth', '=', candidate.dateOfBirth)
    : query.where('birth_year', '=', candidate.birthYear).where('date_of_birth', 'is', null);
  if (excludeId) query = query.where('id', '!=', excludeId);
  const row = await query.orderBy('created_at').limit(1).executeTakeFirst();
  return row?.id;
}

export async function updateClient(
  db: Executor,
  organizationId: string,
  id: string,
  changes: Partial<Omit<Client, 'id' | 'organizationId' | 'clinicId'>>,
  updatedAt: string,
): Promise<void> {
  const set: Partial<ClientTable> = { updated_at: updatedAt };
  if (changes.givenName !== undefined) set.given_name = changes.givenName;
  if (changes.familyName !== undefined) set.family_name = changes.familyName;
  if (changes.preferredName !== undefined) set.preferred_name = changes.preferredName;
  if (changes.dateOfBirth !== undefined) set.date_of_birth = changes.dateOfBirth;
  if (changes.birthYear !== undefined) set.birth_year = changes.birthYear;
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.mobile !== undefined) set.mobile = changes.mobile;
  if (changes.preferredLanguage !== undefined) set.preferred_language = changes.preferredLanguage;
  await db
    .updateTable('client')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export async function countClients(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('client')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count() as a string (bigint); SQLite as a number.
  return Number(row.n);
}
