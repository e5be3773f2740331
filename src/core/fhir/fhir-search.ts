/**
 * The search parameters the FHIR read API understands (docs/fhir.md), parsed from a query
 * string into plain filters. Anything else is refused with a message naming it: a client
 * that sent a parameter we ignore would otherwise read more than it asked for.
 *
 * Dates (hl7.org/fhir/R4/search.html#date): `ge` and `le` prefixes on a date or dateTime of
 * any precision (YYYY, YYYY-MM, YYYY-MM-DD, or a dateTime with seconds and a time zone); a
 * date without a time zone is read as UTC. `ge` compares with the start of the value's
 * period, `le` with its end, so `le2026-12-01` includes the whole of 1 December.
 */
export type FhirSearchType = 'Questionnaire' | 'QuestionnaireResponse' | 'Observation';

export const FHIR_SEARCH_PARAMETERS: Record<
  FhirSearchType,
  readonly { name: string; type: 'uri' | 'token' | 'reference' | 'date'; documentation: string }[]
> = {
  Questionnaire: [
    {
      name: 'url',
      type: 'uri',
      documentation: 'The canonical URL, e.g. urn:rapport:questionnaire:phq-9',
    },
    { name: 'version', type: 'token', documentation: 'The instrument version, e.g. 1.0.0' },
  ],
  QuestionnaireResponse: [
    { name: 'subject', type: 'reference', documentation: 'Patient/{id}: the client who answered' },
    { name: 'date', type: 'date', documentation: 'When it was answered; prefixes ge and le' },
  ],
  Observation: [
    { name: 'subject', type: 'reference', documentation: 'Patient/{id}: the client who answered' },
    { name: 'date', type: 'date', documentation: 'When it was answered; prefixes ge and le' },
    {
      name: 'code',
      type: 'token',
      documentation: '[system|]code of the scale, e.g. http://loinc.org|44261-6',
    },
  ],
};

/** Results per page unless `_count` says otherwise, and the most a page holds. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface FhirSearch {
  count: number;
  /** Where the previous page ended (the last result's date and id), from `_cursor`. */
  after?: { date: string; id: string };
  url?: string;
  version?: string;
  /** The client id of `subject=Patient/{id}`. */
  subject?: string;
  /** Inclusive lower and exclusive upper bound of the answer time, ISO-8601 UTC. */
  from?: string;
  until?: string;
  code?: { system?: string; code: string };
}

export class FhirSearchError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** Parameters every search takes besides its own; `_format` is the route's concern. */
const COMMON = new Set(['_count', '_cursor', '_format']);

/** The start and (exclusive) end of the period a FHIR date or dateTime names. */
export function datePeriod(value: string): { start: Date; end: Date } | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const year = Number(y);
  if (mo === undefined) {
    return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  }
  const month = Number(mo) - 1;
  if (month > 11) return undefined;
  if (d === undefined) {
    return {
      start: new Date(Date.UTC(year, month, 1)),
      end: new Date(Date.UTC(year, month + 1, 1)),
    };
  }
  const day = Number(d);
  const start = new Date(Date.UTC(year, month, day));
  if (start.getUTCMonth() !== month || start.getUTCDate() !== day) return undefined;
  if (h === undefined) return { start, end: new Date(Date.UTC(year, month, day + 1)) };
  const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone}`);
  if (Number.isNaN(instant.getTime())) return undefined;
  const unit = s === undefined ? 60_000 : 1000;
  return { start: instant, end: new Date(instant.getTime() + unit) };
}

/** A `_cursor` value: the last result's date and id, opaque to the client. */
export const encodeCursor = (date: string, id: string): string =>
  Buffer.from(JSON.stringify([date, id]), 'utf8').toString('base64url');

function decodeCursor(value: string): { date: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
    )
      return { date: parsed[0], id: parsed[1] };
  } catch {
    // falls through to the error below
  }
  throw new FhirSearchError(
    '_cursor is not one this server gave out: follow the next link as it is.',
  );
}

/**
 * Parses a search's query parameters for `type`; throws FhirSearchError with a sentence for
 * the OperationOutcome when one is unknown, repeated where it may not be, or malformed.
 */
export function parseFhirSearch(
  type: FhirSearchType,
  query: Record<string, string | string[] | undefined>,
): FhirSearch {
  const own = new Set(FHIR_SEARCH_PARAMETERS[type].map((p) => p.name));
  const search: FhirSearch = { count: DEFAULT_PAGE_SIZE };
  const single = (name: string, values: string[]): string => {
    if (values.length > 1) throw new FhirSearchError(`${name} may be given only once.`);
    const value = values[0]!.trim();
    if (value === '') throw new FhirSearchError(`${name} is empty.`);
    return value;
  };
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (!own.has(name) && !COMMON.has(name)) {
      const known = [...own, '_count'].join(', ');
      throw new FhirSearchError(
        `${type} cannot be searched by "${name}" here; the parameters are ${known}.`,
      );
    }
    switch (name) {
      case '_format':
        break;
      case '_count': {
        const value = single(name, values);
        if (!/^\d+$/.test(value) || Number(value) < 1)
          throw new FhirSearchError('_count must be a whole number of 1 or more.');
        search.count = Math.min(Number(value), MAX_PAGE_SIZE);
        break;
      }
      case '_cursor':
        search.after = decodeCursor(single(name, values));
        break;
      case 'url':
        search.url = single(name, values);
        break;
      case 'version':
        search.version = single(name, values);
        break;
      case 'subject': {
        const value = single(name, values);
        const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
        if (!UUID.test(id))
          throw new FhirSearchError('subject must be Patient/{id}, the id of a client.');
        search.subject = id.toLowerCase();
        break;
      }
      case 'code': {
        const value = single(name, values);
        const bar = value.lastIndexOf('|');
        const code = bar === -1 ? value : value.slice(bar + 1);
        if (code === '') throw new FhirSearchError('code must name a code: [system|]code.');
        search.code = bar > 0 ? { system: value.slice(0, bar), code } : { code };
        break;
      }
      case 'date':
        for (const value of values) {
          const prefix = value.slice(0, 2);
          if (prefix !== 'ge' && prefix !== 'le')
            throw new FhirSearchError(
              `date "${value}" needs the prefix ge or le (e.g. date=ge2026-01-01).`,
            );
          const period = datePeriod(value.slice(2));
          if (!period)
            throw new FhirSearchError(
              `date "${value}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a time zone).`,
            );
          if (prefix === 'ge') {
            const from = period.start.toISOString();
            if (search.from === undefined || from > search.from) search.from = from;
          } else {
            const until = period.end.toISOString();
            if (search.until === undefined || until < search.until) search.until = until;
          }
        }
        break;
    }
  }
  return search;
}
