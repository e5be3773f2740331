import type { PlanEntry, Schedule } from '../../core/measurement/measurement-plan.ts';

/** The editor's "when" choices: each schedule kind of the plan model. */
export const WHEN_KINDS = [
  'every-session',
  'intake',
  'sessions',
  'every-from',
  'intake-and-every',
  'first-then-every',
  'end-of-care',
] as const satisfies readonly Schedule['kind'][];
export type WhenKind = (typeof WHEN_KINDS)[number];

/** The fields of one row as the person edits them (numbers as typed). */
export interface DraftRow {
  key: number;
  instrumentId: string;
  respondent: PlanEntry['respondent'];
  when: WhenKind;
  numbers: string;
  from: string;
  every: string;
  first: string;
  concerns: string[];
  minAge: string;
}

/** A field of a row that a message can sit next to. */
export type RowField =
  | 'instrumentId'
  | 'respondent'
  | 'when'
  | 'numbers'
  | 'from'
  | 'every'
  | 'first'
  | 'concerns'
  | 'minAge';
export type RowErrors = Partial<Record<RowField, string>>;

let nextKey = 1;
export const blankRow = (): DraftRow => ({
  key: nextKey++,
  instrumentId: '',
  respondent: 'client-member',
  when: 'every-session',
  numbers: '',
  from: '1',
  every: '2',
  first: '1',
  concerns: [],
  minAge: '',
});

/** A stored entry as editor fields. */
export function entryToRow(entry: PlanEntry): DraftRow {
  const row: DraftRow = {
    ...blankRow(),
    instrumentId: entry.instrumentId,
    respondent: entry.respondent,
    when: entry.schedule.kind,
    concerns: entry.concerns ?? [],
    minAge: entry.minAge === undefined ? '' : String(entry.minAge),
  };
  const s = entry.schedule;
  if (s.kind === 'sessions') row.numbers = s.numbers.join(', ');
  if (s.kind === 'every-from') Object.assign(row, { from: String(s.from), every: String(s.every) });
  if (s.kind === 'intake-and-every') row.every = String(s.every);
  if (s.kind === 'first-then-every')
    Object.assign(row, { first: String(s.first), every: String(s.every) });
  return row;
}

/** Messages of the obvious checks, as keys under admin.plans.errors. */
export type DraftProblem = 'chooseInstrument' | 'sessionNumbers' | 'wholeNumber' | 'age';

const wholeNumber = (text: string, min: number, max = 1000): number | undefined => {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : undefined;
};

/**
 * A row as a plan entry, or what is obviously wrong with it (the server checks the rest, and
 * its messages land on the same fields: see issueToField).
 */
export function rowToEntry(
  row: DraftRow,
):
  | { entry: PlanEntry; problems?: undefined }
  | { entry?: undefined; problems: Partial<Record<RowField, DraftProblem>> } {
  const problems: Partial<Record<RowField, DraftProblem>> = {};
  if (row.instrumentId === '') problems.instrumentId = 'chooseInstrument';
  const number = (field: 'from' | 'every' | 'first') => {
    const n = wholeNumber(row[field], 1);
    if (n === undefined) problems[field] = 'wholeNumber';
    return n ?? 1;
  };
  let schedule: Schedule;
  switch (row.when) {
    case 'every-session':
    case 'intake':
    case 'end-of-care':
      schedule = { kind: row.when };
      break;
    case 'sessions': {
      const parts = row.numbers.split(/[\s,;]+/).filter(Boolean);
      const numbers = parts.map((p) => wholeNumber(p, 1));
      if (parts.length === 0 || numbers.some((n) => n === undefined))
        problems.numbers = 'sessionNumbers';
      schedule = {
        kind: 'sessions',
        numbers: [...new Set(numbers.filter((n) => n !== undefined))].sort((a, b) => a - b),
      };
      break;
    }
    case 'every-from':
      schedule = { kind: 'every-from', from: number('from'), every: number('every') };
      break;
    case 'intake-and-every':
      schedule = { kind: 'intake-and-every', every: number('every') };
      break;
    case 'first-then-every':
      schedule = { kind: 'first-then-every', first: number('first'), every: number('every') };
      break;
  }
  let minAge: number | undefined;
  if (row.minAge.trim() !== '') {
    minAge = wholeNumber(row.minAge, 0, 120);
    if (minAge === undefined) problems.minAge = 'age';
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    entry: {
      instrumentId: row.instrumentId,
      respondent: row.respondent,
      schedule,
      ...(row.concerns.length > 0 && { concerns: row.concerns }),
      ...(minAge !== undefined && { minAge }),
    },
  };
}

const SCHEDULE_FIELDS: Record<string, RowField> = {
  numbers: 'numbers',
  from: 'from',
  every: 'every',
  first: 'first',
};

/**
 * Where a server issue belongs: `body.entries.2.schedule.numbers.0` → row 2, its session
 * numbers. Null for an issue about the plan as a whole (no entries at all, say).
 */
export function issueToField(path: string): { row: number; field: RowField } | null {
  const match = /^body\.entries\.(\d+)\.?(.*)$/.exec(path);
  if (!match) return null;
  const row = Number(match[1]);
  const [first, second] = match[2]!.split('.');
  if (first === 'schedule') return { row, field: SCHEDULE_FIELDS[second ?? ''] ?? 'when' };
  if (first === 'instrumentId' || first === 'respondent' || first === 'minAge')
    return { row, field: first };
  if (first === 'concerns') return { row, field: 'concerns' };
  return { row, field: 'instrumentId' };
}
