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
});

const clientRowToClient = (row: ClientTable): Client => ({
  id: row.id,
  organizationId: row.organization_id,
  clinicId: row.clinic_id,
  givenName: row.given_name,
  familyName: row.family_name,
  birthYear: row.birth_year,
  preferredLanguage: row.preferred_language,
  email: row.email,
});

export async function insertClients(db: Executor, rows: ClientTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('client').values(rows).execute();
}

export async function findClient(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<Client | undefined> {
  const row = await db
    .selectFrom('client')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && clientRowToClient(row);
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
