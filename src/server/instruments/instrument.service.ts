import { AppError, conflict } from '../../core/app-error.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { parseInstrumentDefinition } from '../../core/instruments/parse-instrument-definition.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { findInstrumentDefinition, insertInstrumentDefinition } from './instrument.repository.ts';

/** Checks a site's own instrument file: every problem with its path, or the definition. */
export function validateInstrumentImport(input: unknown): InstrumentDefinition {
  const result = parseInstrumentDefinition(input);
  if (!result.ok) {
    const count = result.issues.length;
    throw new AppError(
      'validation',
      `not a valid instrument definition (${count} problem${count === 1 ? '' : 's'})`,
      result.issues,
    );
  }
  if (findBundledInstrument(result.definition.id) !== undefined) {
    throw new AppError('validation', `"${result.definition.id}" is a bundled instrument`, [
      { path: 'id', message: 'give a site instrument an id of its own' },
    ]);
  }
  return result.definition;
}

/**
 * Imports a site's own instrument definition (e.g. a licensed ORS/SRS) into one
 * organization. A bad file changes nothing; a version is never overwritten, because scores
 * already made with it must stay explainable — a changed file needs a new version.
 */
export async function importInstrumentDefinition(
  db: Database,
  clock: Clock,
  input: { organizationId: string; definition: unknown },
  actor: { type: 'staff' | 'cli'; id: string | null },
): Promise<InstrumentDefinition> {
  const definition = validateInstrumentImport(input.definition);
  return inTransaction(db, async (trx) => {
    const existing = await findInstrumentDefinition(
      trx,
      input.organizationId,
      definition.id,
      definition.version,
    );
    if (existing !== undefined) {
      throw conflict(
        `${definition.id} ${definition.version} is already imported; give the changed file a new version`,
      );
    }
    await insertInstrumentDefinition(trx, {
      organizationId: input.organizationId,
      definition,
      importedAt: clock().toISOString(),
    });
    await recordAudit(trx, clock, {
      organizationId: input.organizationId,
      actorType: actor.type,
      actorId: actor.id,
      action: 'instrument.imported',
      entityType: 'instrument_definition',
      entityId: `${definition.id}@${definition.version}`,
      details: { items: definition.items.length, scales: definition.scales.length },
    });
    return definition;
  });
}
