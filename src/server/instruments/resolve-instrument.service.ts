import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { Executor } from '../db/database.ts';
import { listInstrumentDefinitions } from './instrument.repository.ts';

/**
 * The definition an organization uses for an instrument id: a bundled one, or the site's
 * most recently imported version of its own (e.g. a licensed ORS/SRS or a therapist form).
 */
export async function resolveInstrument(
  db: Executor,
  organizationId: string,
  instrumentId: string,
): Promise<InstrumentDefinition | undefined> {
  const bundled = findBundledInstrument(instrumentId);
  if (bundled) return bundled;
  const imported = (await listInstrumentDefinitions(db, organizationId)).filter(
    (s) => s.definition.id === instrumentId,
  );
  return imported.at(-1)?.definition;
}
