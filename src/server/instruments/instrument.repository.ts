import type { Executor } from '../db/database.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';

/** The table as the database holds it (declared here: only this repository reads it). */
export interface InstrumentDefinitionTable {
  organization_id: string;
  instrument_id: string;
  version: string;
  definition: string;
  imported_at: string;
}

export interface StoredInstrumentDefinition {
  organizationId: string;
  definition: InstrumentDefinition;
  importedAt: string;
}

const table = (db: Executor) =>
  db.withTables<{ instrument_definition: InstrumentDefinitionTable }>();

// The stored JSON was validated before it was written, so it is read back as is.
const rowToStored = (row: InstrumentDefinitionTable): StoredInstrumentDefinition => ({
  organizationId: row.organization_id,
  definition: JSON.parse(row.definition) as InstrumentDefinition,
  importedAt: row.imported_at,
});

export async function insertInstrumentDefinition(
  db: Executor,
  stored: StoredInstrumentDefinition,
): Promise<void> {
  await table(db)
    .insertInto('instrument_definition')
    .values({
      organization_id: stored.organizationId,
      instrument_id: stored.definition.id,
      version: stored.definition.version,
      definition: JSON.stringify(stored.definition),
      imported_at: stored.importedAt,
    })
    .execute();
}

export async function findInstrumentDefinition(
  db: Executor,
  organizationId: string,
  instrumentId: string,
  version: string,
): Promise<StoredInstrumentDefinition | undefined> {
  const row = await table(db)
    .selectFrom('instrument_definition')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('instrument_id', '=', instrumentId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && rowToStored(row);
}

/** Every imported definition of the organization, by id then import time. */
export async function listInstrumentDefinitions(
  db: Executor,
  organizationId: string,
): Promise<StoredInstrumentDefinition[]> {
  const rows = await table(db)
    .selectFrom('instrument_definition')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('instrument_id')
    .orderBy('imported_at')
    .orderBy('version')
    .execute();
  return rows.map(rowToStored);
}
