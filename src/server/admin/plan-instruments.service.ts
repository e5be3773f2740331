import { bundledInstruments } from '../../core/instruments/bundled-instruments.ts';
import type { Executor } from '../db/database.ts';
import { listInstrumentDefinitions } from '../instruments/instrument.repository.ts';

/** The instruments a plan can name: the bundled ones and the site's own imports, once each. */
export async function listPlanInstruments(
  db: Executor,
  organizationId: string,
): Promise<{ id: string; title: string }[]> {
  const byId = new Map<string, string>();
  for (const i of bundledInstruments) byId.set(i.id, i.title);
  for (const s of await listInstrumentDefinitions(db, organizationId))
    if (!byId.has(s.definition.id)) byId.set(s.definition.id, s.definition.title);
  return [...byId].map(([id, title]) => ({ id, title })).sort((a, b) => a.id.localeCompare(b.id));
}
