import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';
import { scoreResponse } from './score-response.ts';

/** One output line of `rapport score` (the contract the tests and users rely on). */
export interface ScoreRecord {
  ref: unknown;
  instrument: string;
  version: string;
  valid: boolean;
  errors: string[];
  scores: Record<string, number | null>;
  bands: Record<string, string>;
  flags: string[];
}

/**
 * Scores one line of JSON Lines input, `{"ref": any, "answers": {"<itemId>": number|null}}`.
 * A malformed line gives a record with `valid: false` and a readable error instead of
 * throwing, so that one bad line never stops a 100,000-line run.
 */
export function scoreJsonLine(
  definition: InstrumentDefinition,
  line: string,
  lineNumber: number,
): ScoreRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // The parser's message quotes the line; answers and free text stay out of errors.
    return failed(definition, null, [`line ${lineNumber}: not valid JSON`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failed(definition, null, [`line ${lineNumber}: expected an object with "answers"`]);
  }
  const record = value as { ref?: unknown; answers?: unknown };
  const ref = record.ref ?? null;
  const answers = record.answers;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return failed(definition, ref, [
      `line ${lineNumber}: "answers" must be an object of item id → number or null`,
    ]);
  }
  const result = scoreResponse(definition, answers as Record<string, unknown>);
  const scores: Record<string, number | null> = {};
  const bands: Record<string, string> = {};
  for (const scale of result.scales) {
    scores[scale.scale] = scale.score;
    if (scale.band !== null) bands[scale.scale] = scale.band;
  }
  return {
    ref,
    instrument: result.instrument,
    version: result.version,
    valid: result.valid,
    errors: result.errors,
    scores,
    bands,
    flags: result.flags,
  };
}

function failed(definition: InstrumentDefinition, ref: unknown, errors: string[]): ScoreRecord {
  return {
    ref,
    instrument: definition.id,
    version: definition.version,
    valid: false,
    errors,
    scores: Object.fromEntries(definition.scales.map((s) => [s.id, null])),
    bands: {},
    flags: [],
  };
}
