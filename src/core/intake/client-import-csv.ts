import { CsvError, parse } from 'csv-parse/sync';

/**
 * The client import's CSV (docs/starting-a-practice.md, "Importing clients"): one row per
 * member of a case, a header row naming the columns, UTF-8 with or without a byte-order mark.
 */

/** Columns every file has, in any order. */
export const requiredImportColumns = [
  'case_key',
  'given_name',
  'family_name',
  'date_of_birth',
  'preferred_language',
  'relation',
  'case_type',
  'therapist_email',
  'start_date',
] as const;

/** Columns a file may leave out. */
export const optionalImportColumns = [
  'preferred_name',
  'email',
  'mobile',
  'guardian_name',
  'guardian_contact',
  'presenting_concerns',
] as const;

export type ImportColumn =
  (typeof requiredImportColumns)[number] | (typeof optionalImportColumns)[number];

const knownColumns: readonly string[] = [...requiredImportColumns, ...optionalImportColumns];

/** Above this a file is refused whole: an import is a practice's caseload, not a census. */
export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_CHARACTERS = 2_000_000;

/** One thing wrong with the file: where (line of the file, column) and why, never the value. */
export interface ImportProblem {
  line: number;
  /** A column name, or '' for the row or the file as a whole. */
  field: string;
  reason: string;
}

/** One data row: its first line in the file and its cells by column ('' when left out). */
export interface ImportRow {
  line: number;
  cells: Record<ImportColumn, string>;
}

export type ImportCsvResult =
  { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] };

/**
 * Reads the file into rows (csv-parse: RFC 4180 quoting, a leading BOM dropped, blank lines
 * skipped) and checks its shape: the header names every required column once and nothing
 * unknown, and every row has as many cells as the header.
 */
export function readClientImportCsv(text: string): ImportCsvResult {
  if (text.length > MAX_IMPORT_CHARACTERS)
    return fileProblem(`is longer than ${MAX_IMPORT_CHARACTERS} characters`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With info, each record comes wrapped with it; csv-parse's types say string[][].
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError)
      return {
        ok: false,
        problems: [
          {
            line: typeof error.lines === 'number' ? error.lines : 0,
            field: '',
            reason: csvErrorReason(error.code),
          },
        ],
      };
    throw error;
  }
  const [header, ...data] = records;
  if (!header) return fileProblem('is empty: it needs a header row and at least one row');
  const names = header.record.map((n) => n.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  names.forEach((name, i) => {
    if (!knownColumns.includes(name))
      problems.push({
        line: 1,
        field: name,
        reason: name ? 'is not a column of the import' : `column ${i + 1} has no name`,
      });
    else if (names.indexOf(name) !== i)
      problems.push({ line: 1, field: name, reason: 'is named twice' });
  });
  for (const column of requiredImportColumns)
    if (!names.includes(column))
      problems.push({ line: 1, field: column, reason: 'is missing from the header row' });
  if (problems.length > 0) return { ok: false, problems };
  if (data.length === 0) return fileProblem('has a header row but no rows');
  if (data.length > MAX_IMPORT_ROWS) return fileProblem(`has more than ${MAX_IMPORT_ROWS} rows`);

  const rows: ImportRow[] = [];
  for (const { record, info } of data) {
    // info.lines is the line a record ends on; a quoted cell may span several lines.
    const line = record.reduce(
      (start, cell) => start - (cell.match(/\r\n|\n|\r/g)?.length ?? 0),
      info.lines,
    );
    if (record.length !== names.length) {
      problems.push({
        line,
        field: '',
        reason: `has ${record.length} cells where the header has ${names.length}`,
      });
      continue;
    }
    const cells = Object.fromEntries(
      knownColumns.map((column) => {
        const i = names.indexOf(column);
        return [column, i >= 0 ? record[i]! : ''];
      }),
    ) as Record<ImportColumn, string>;
    rows.push({ line, cells });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

const fileProblem = (reason: string): ImportCsvResult => ({
  ok: false,
  problems: [{ line: 0, field: '', reason: `The file ${reason}.` }],
});

function csvErrorReason(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'a quote in the middle of a cell: put the whole cell in quotes and double the quote';
    default:
      return 'is not valid CSV';
  }
}
