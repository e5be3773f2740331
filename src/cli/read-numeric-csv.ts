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
  return {
    numbers: new Map(wanted.map((name, c) => [name, builders[c]!.finish()])),
    texts: new Map(wantedText.map((name, c) => [name, texts[c]!])),
  };
}
