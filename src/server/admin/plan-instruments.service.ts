import { badRequest } from '../../core/app-error.ts';
import { bundledInstruments } from '../../core/instruments/bundled-instruments.ts';
import { type PlanEntry, planEntriesSchema } from '../../core/measurement/measurement-plan.ts';
import type { Executor } from '../db/database.ts';
import { listInstrumentDefinitions } from '../instruments/instrument.repository.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';

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

/**
 * A draft plan's entries, checked as publishing and the preview check them: the core schema,
 * then each instrument known to the organization. Every problem is a 400 naming its field
 * (`body.entries.2.schedule.numbers`), so the editor puts the message next to it.
 */
export async function checkPlanEntries(
  db: Executor,
  organizationId: string,
  entries: unknown,
): Promise<PlanEntry[]> {
  const parsed = planEntriesSchema.safeParse(entries);
  if (!parsed.success)
    throw badRequest(
      'The plan is not valid.',
      parsed.error.issues.map((i) => ({
        path: ['body', 'entries', ...i.path].join('.'),
        message: i.message,
      })),
    );
  const unknown: { path: string; message: string }[] = [];
  for (const [i, entry] of parsed.data.entries()) {
    if (!(await resolveInstrument(db, organizationId, entry.instrumentId)))
      unknown.push({ path: `body.entries.${i}.instrumentId`, message: 'no such instrument' });
  }
  if (unknown.length > 0) throw badRequest('The plan names unknown instruments.', unknown);
  return parsed.data;
}
