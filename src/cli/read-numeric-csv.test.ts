import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvColumns } from './read-numeric-csv.ts';

// readCsvColumns reads a file without a single quote character by splitting bytes itself, and
// hands any other file to csv-parse. Each case here is read both ways, the second time with
// one harmless quoted header name added so that csv-parse reads it, and must come out the same.
const dir = mkdtempSync(join(tmpdir(), 'rapport-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (text: string | Buffer) => {
  const file = join(dir, `f${(files += 1)}.csv`);
  writeFileSync(file, text);
  return file;
};
const bothWays = async (text: string, numeric: string[], textual: string[] = []) => {
  const plain = await readCsvColumns(write(text), numeric, textual);
  const quotedText = text.replace(/^(\uFEFF?)([^,\r\n]+)/, '$1"$2"');
  expect(quotedText).not.toBe(text);
  const quoted = await readCsvColumns(write(quotedText), numeric, textual);
  expect(plain).toEqual(quoted);
  return plain;
};
const column = (result: Awaited<ReturnType<typeof readCsvColumns>>, name: string) => [
  ...result.numbers.get(name)!,
];

describe('readCsvColumns reads unquoted files as csv-parse does', () => {
  it('decimals exactly as Number() reads them, signs, exponents, long numbers and missing cells', async () => {
    const cells = [
      '0.1',
      '-2.5',
      '+3',
      '.5',
      '7.',
      '-0',
      '1e3',
      '2.5E-2',
      '123456789012345678',
      '0.30000000000000004',
      '4.35',
      '',
      'NA',
      ' 12.25 ',
      '\t8',
      '999999999999999',
    ];
    const result = await bothWays(`id,x\n${cells.map((c, i) => `r${i},${c}`).join('\n')}\n`, ['x']);
    const expected = cells.map((c) =>
      c.trim() === '' || c.trim() === 'NA' ? Number.NaN : Number(c.trim()),
    );
    const read = column(result, 'x');
    expect(read).toHaveLength(expected.length);
    read.forEach((value, i) => expect(Object.is(value, expected[i])).toBe(true));
  });

  it('CRLF, a BOM, blank lines, short and long rows, text ids in UTF-8', async () => {
    const result = await bothWays(
      '\uFEFFg,a,b\r\nZoë,1,2\r\n\r\nKai,3\r\nAmi,5,6,7\r\n,8,9',
      ['a', 'b'],
      ['g'],
    );
    expect(column(result, 'a')).toEqual([1, 3, 5, 8]);
    expect(column(result, 'b')).toEqual([2, Number.NaN, 6, 9]);
    expect(result.texts.get('g')).toEqual(['Zoë', 'Kai', 'Ami', null]);
  });

  it('names the column and data row of a cell that is not a number, as csv-parse does', async () => {
    const text = 'a,b\n1,2\n\n3,4\n5,six\n';
    await expect(readCsvColumns(write(text), ['a', 'b'])).rejects.toThrow(
      'column "b" is not numeric (data row 3)',
    );
    await expect(readCsvColumns(write(text.replace('a,b', '"a",b')), ['b'])).rejects.toThrow(
      'column "b" is not numeric (data row 3)',
    );
  });

  it('hands a file with a quote far past the first megabyte to csv-parse', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},${i / 4}`);
    rows.push('"200000",1.5', '200001,"2"');
    const result = await readCsvColumns(write(`i,x\n${rows.join('\n')}\n`), ['i', 'x']);
    expect(result.numbers.get('i')!.length).toBe(200_002);
    expect(result.numbers.get('x')![199_999]).toBe(199_999 / 4);
    expect([...result.numbers.get('x')!.slice(-2)]).toEqual([1.5, 2]);
  });

  it('reads lines that straddle its 1 MiB reads, a CRLF split between two and a text cell longer than one, as csv-parse does', async () => {
    // Row lengths vary so that chunk ends fall at every place in a line, the CR of a CRLF
    // among them; one id is 2.5 MiB long, so its line spans three reads.
    const rows = Array.from({ length: 120_000 }, (_, i) =>
      i === 60_000 ? `${'z'.repeat(5 * 2 ** 19)},1,2` : `g${i % 977},${i % 13},${i / 8}`,
    );
    const result = await bothWays(`id,a,b\r\n${rows.join('\r\n')}\r\n`, ['a', 'b'], ['id']);
    expect(result.numbers.get('a')!.length).toBe(120_000);
    expect(result.numbers.get('b')![119_999]).toBe(119_999 / 8);
    expect(result.texts.get('id')![60_000]).toHaveLength(5 * 2 ** 19);
  });

  it('hands a file with old Mac line ends (CR alone) to csv-parse', async () => {
    const result = await readCsvColumns(write('a,b\r1,2\r3,4\r'), ['a', 'b']);
    expect(column(result, 'b')).toEqual([2, 4]);
  });
});
