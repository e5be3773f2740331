import { bundledInstruments } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { Executor } from '../db/database.ts';
import { listInstrumentDefinitions } from './instrument.repository.ts';

/**
 * Every instrument an organization can score, by id, in one query: the bundled ones, and
 * the latest imported version of each of its own (a licensed form, a therapist form). The
 * same precedence as resolveInstrument, for pages that need many definitions at once.
 */
export async function loadInstrumentCatalogue(
  db: Executor,
  organizationId: string,
): Promise<Map<string, InstrumentDefinition>> {
  const catalogue = new Map<string, InstrumentDefinition>();
  // Ordered by import time, so a later import of the same id replaces an earlier one.
  for (const stored of await listInstrumentDefinitions(db, organizationId))
    catalogue.set(stored.definition.id, stored.definition);
  for (const bundled of bundledInstruments) catalogue.set(bundled.id, bundled);
  return catalogue;
}

/**
 * Ids of the forms a therapist fills in about the alliance (perspective 'therapist', scored;
 * a descriptive form such as a study's work-context sheet has no alliance score).
 */
export const therapistFormIds = (catalogue: Map<string, InstrumentDefinition>): string[] =>
  [...catalogue.values()]
    .filter((d) => d.perspective === 'therapist' && d.scales.length > 0)
    .map((d) => d.id);
