import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { applyStudyFormOptions } from '../../core/research/study-form-options.ts';
import type { Executor } from '../db/database.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';
import { findStudyFormOptions } from './study-measures.repository.ts';

/**
 * The definition of an instrument as a request shows it and checks its answers: the
 * organization's (resolveInstrument), with a research study's own option lists when that
 * study alone asks it in this request (docs/research.md, "Study forms and measures").
 */
export async function resolveRequestInstrument(
  db: Executor,
  organizationId: string,
  requestId: string,
  instrumentId: string,
): Promise<InstrumentDefinition | undefined> {
  const definition = await resolveInstrument(db, organizationId, instrumentId);
  if (!definition) return undefined;
  const options = await findStudyFormOptions(db, organizationId, requestId, instrumentId);
  return options === null ? definition : applyStudyFormOptions(definition, options);
}
