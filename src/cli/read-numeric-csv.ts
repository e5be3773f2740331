import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../core/app-error.ts';

// A number as people and R write it: optional sign, digits with an optional decimal point,
// optional exponent. Number() alone would also take "", " ", "0x1F" and "Infinity".
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Missing: an empty cell, or R's NA (what `write.csv` writes by default). */
const isMissing = (cell: string) => cell === '' || cell === 'NA';

// One line on standard error and exit 2 (the CLI's usage error); the message names the column
// and the data row, never a cell's content (research data may hold answers).
const usage = (message: string) => new AppError('validation', message);

class ColumnBuilder {
  private values = new Float64Array(1024);
  length = 0;
  push(value: number) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }
  finish(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Reads the named numeric columns of a CSV file (see readCsvColumns). */
export async function readNumericCsv(
  file: string,
  columns: readonly string[],
): Promise<Map<string, Float64Array>> {
  return (await readCsvColumns(file, columns)).numbers;
}

/**
 * Reads the named columns of a CSV file with a header row (csv-parse: RFC 4180 quoting, a
 * leading BOM dropped, blank lines skipped), streaming: numeric columns as flat arrays with
 * NaN for a missing value, text columns (ids) as strings with null for an empty cell. A column
 * that is not in the header, or a numeric cell that is not a number, is a usage error naming
 * the column (and row).
 */
export async function readCsvColumns(
  file: string,
  numericColumns: readonly string[],
  textColumns: readonly string[] = [],
): Promise<{ numbers: Map<string, Float64Array>; texts: Map<string, (string | null)[]> }> {
  try {
    await access(file);
  } catch {
    throw usage(`cannot read ${file}: no such file, or not readable`);
  }
  const wanted = [...new Set(numericColumns)];
  const wantedText = [...new Set(textColumns)];
  const unquoted = await readUnquotedCsv(file, wanted, wantedText);
  if (unquoted !== null) return unquoted;
  const parser = createReadStream(file).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let indices: number[] | null = null;
  let textIndices: number[] = [];
  const builders = wanted.map(() => new ColumnBuilder());
  const texts = wantedText.map((): (string | null)[] => []);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (indices === null) {
        const header = record.map((name) => name.trim());
        const find = (name: string) => {
          const index = header.indexOf(name);
          if (index < 0) throw usage(`column "${name}" is not in the header row of ${file}`);
          return index;
        };
        indices = wanted.map(find);
        textIndices = wantedText.map(find);
        continue;
      }
      row += 1;
      for (let c = 0; c < indices.length; c += 1) {
        const cell = (record[indices[c]!] ?? '').trim();
        if (isMissing(cell)) {
          builders[c]!.push(Number.NaN);
        } else if (NUMBER.test(cell)) {
          builders[c]!.push(Number(cell));
        } else {
          throw usage(`column "${wanted[c]}" is not numeric (data row ${row})`);
        }
      }
      for (let c = 0; c < textIndices.length; c += 1) {
        const cell = (record[textIndices[c]!] ?? '').trim();
        texts[c]!.push(isMissing(cell) ? null : cell);
      }
    }
  } catch (error) {
    // csv-parse's message quotes the cell; only its code is shown.
    if (error instanceof CsvError) throw usage(`${file} is not valid CSV (${error.code})`);
    throw error;
  } finally {
    parser.destroy();
  }
  if (indices === null) throw usage(`${file} is empty: it needs a header row`);
  return columnsByName(wanted, builders, wantedText, texts);
}

function columnsByName(
  wanted: readonly string[],
  builders: readonly ColumnBuilder[],
  wantedText: readonly string[],
  texts: readonly (string | null)[][],
) {
  return {
    numbers: new Map(wanted.map((name, c) => [name, builders[c]!.finish()])),
    texts: new Map(wantedText.map((name, c) => [name, texts[c]!])),
  };
}

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
// 10^0 … 10^22 are exact doubles, so m / 10^f is one correctly rounded division: the same
// double Number() gives for a decimal of at most 15 digits (Clinger 1990's fast path).
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The fast path of readCsvColumns for the files research exports are (no quote character
 * anywhere, lines ending in LF or CRLF): bytes are split on commas and newlines, which is
 * exactly what RFC 4180 means when nothing is quoted, and plain decimals are read straight
 * from their bytes. A million rows take about a third of csv-parse's time. Returns null, having
 * kept nothing, as soon as it meets a quote or a lone CR: csv-parse then reads the file.
 */
async function readUnquotedCsv(
  file: string,
  wanted: readonly string[],
  wantedText: readonly string[],
): Promise<ReturnType<typeof columnsByName> | null> {
  const builders = wanted.map(() => new ColumnBuilder());
  const texts = wantedText.map((): (string | null)[] => []);
  // roles[field] = builder index (≥ 0), −2 − text index, or −1 for a column nobody asked for.
  let roles: Int32Array | null = null;
  let row = 0;
  let fallBack = false;

  const numberCell = (buf: Buffer, start: number, end: number, c: number) => {
    while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start += 1;
    while (end > start && (buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end -= 1;
    const builder = builders[c]!;
    if (start === end) return builder.push(Number.NaN);
    let i = start;
    const negative = buf[i] === 0x2d;
    if (negative || buf[i] === 0x2b) i += 1;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < end; i += 1) {
      const b = buf[i]!;
      if (b >= 0x30 && b <= 0x39) {
        mantissa = mantissa * 10 + (b - 0x30);
        digits += 1;
        if (fraction >= 0) fraction += 1;
      } else if (b === 0x2e && fraction < 0) {
        fraction = 0;
      } else break;
    }
    if (i === end && digits > 0 && digits <= 15) {
      const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
      return builder.push(negative ? -value : value);
    }
    // Exponents, long numbers, NA, other whitespace and non-numbers: the general rule.
    const cell = buf.toString('utf8', start, end).trim();
    if (isMissing(cell)) builder.push(Number.NaN);
    else if (NUMBER.test(cell)) builder.push(Number(cell));
    else throw usage(`column "${wanted[c]}" is not numeric (data row ${row})`);
  };

  const header = (buf: Buffer, start: number, end: number) => {
    if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    const names = buf
      .toString('utf8', start, end)
      .split(',')
      .map((name) => name.trim());
    const find = (name: string) => {
      const index = names.indexOf(name);
      if (index < 0) throw usage(`column "${name}" is not in the header row of ${file}`);
      return index;
    };
    roles = new Int32Array(names.length).fill(-1);
    wanted.forEach((name, c) => (roles![find(name)] = c));
    wantedText.forEach((name, t) => (roles![find(name)] = -2 - t));
  };

  /** One line without its newline; false when it holds a lone CR (csv-parse's business). */
  const line = (buf: Buffer, start: number, end: number): boolean => {
    if (end > start && buf[end - 1] === CR) end -= 1;
    if (start === end) return true;
    if (roles === null) {
      for (let i = start; i < end; i += 1) if (buf[i] === CR) return false;
      header(buf, start, end);
      return true;
    }
    const r: Int32Array = roles;
    row += 1;
    let field = 0;
    let fieldStart = start;
    for (let i = start; i <= end; i += 1) {
      if (i < end && buf[i] !== COMMA) {
        if (buf[i] === CR) return false;
        continue;
      }
      if (field < r.length) {
        const role = r[field]!;
        if (role >= 0) numberCell(buf, fieldStart, i, role);
        else if (role <= -2) {
          const cell = buf.toString('utf8', fieldStart, i).trim();
          texts[-2 - role]!.push(isMissing(cell) ? null : cell);
        }
      }
      field += 1;
      fieldStart = i + 1;
    }
    // A short record: the cells it lacks are missing (relax_column_count, as csv-parse reads).
    for (; field < r.length; field += 1) {
      const role = r[field]!;
      if (role >= 0) builders[role]!.push(Number.NaN);
      else if (role <= -2) texts[-2 - role]!.push(null);
    }
    return true;
  };

  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let carry: Buffer | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.indexOf(QUOTE) !== -1) {
        fallBack = true;
        break;
      }
      let start = 0;
      if (carry !== null) {
        // Only the line that straddles the chunks is copied, not the whole chunk.
        const nl = chunk.indexOf(LF);
        if (nl === -1) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = null;
        if (!line(joined, 0, joined.length)) {
          fallBack = true;
          break;
        }
        start = nl + 1;
      }
      for (let nl = chunk.indexOf(LF, start); nl !== -1; nl = chunk.indexOf(LF, start)) {
        if (!line(chunk, start, nl)) {
          fallBack = true;
          break;
        }
        start = nl + 1;
      }
      if (fallBack) break;
      carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : null;
    }
    if (!fallBack && carry !== null && !line(carry, 0, carry.length)) fallBack = true;
  } finally {
    stream.destroy();
  }
  if (fallBack) return null;
  if (roles === null) throw usage(`${file} is empty: it needs a header row`);
  return columnsByName(wanted, builders, wantedText, texts);
}
