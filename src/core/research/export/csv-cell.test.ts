import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../../instruments/bundled-instruments.ts';
import { type ExportCell, guardCell, startsFormula, toCsv, unguardCell } from './csv-cell.ts';
import { type ExportOptions, longHeader, longRows } from './export-layout.ts';

/** What a reader gets back from a guarded text cell: the `'` guard removed. */
const unguard = unguardCell;

// Strings of any code points, with the formula starters, quotes, separators and line
// breaks that break naive CSV writers made likely.
const awkward = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", 'a', ' ', 'é'),
  }),
);

describe('export CSV cells', () => {
  it('guards text that would start a formula, and only text (OWASP "CSV injection")', () => {
    expect(guardCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(guardCell('+1')).toBe("'+1");
    expect(guardCell('-2')).toBe("'-2");
    expect(guardCell('@cmd')).toBe("'@cmd");
    expect(guardCell('\tx')).toBe("'\tx");
    expect(guardCell('\rx')).toBe("'\rx");
    expect(guardCell('plain')).toBe('plain');
    expect(guardCell("'quoted")).toBe("''quoted");
    expect(guardCell(-3)).toBe(-3);
    expect(guardCell(0.5)).toBe(0.5);
    expect(guardCell(null)).toBe('');
    expect(toCsv([['a', -1, null, '=1']])).toBe("a,-1,,'=1\n");
  });

  it('parses back with csv-parse to the same values, and no cell starts a formula (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(awkward, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          const parsed = parse(toCsv(table), { relax_column_count: false }) as string[][];
          for (const row of parsed) for (const cell of row) expect(startsFormula(cell)).toBe(false);
          expect(parsed.map((row) => row.map(unguard))).toEqual(table);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps numbers as numbers: a negative score is written bare and reads back as that number', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 10,
        }),
        (values) => {
          const parsed = parse(toCsv([values]), {}) as string[][];
          expect(parsed[0]!.map(Number)).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
        },
      ),
    );
  });

  it('writes a free-text answer of any content so it parses back exactly (property, session feedback)', () => {
    const feedback = findBundledInstrument('session-feedback')!;
    const textItem = feedback.items.find((i) => i.type === 'text')!;
    const options: ExportOptions = { items: true, freeText: true, dates: 'shift' };
    fc.assert(
      fc.property(awkward, (text) => {
        const rows: ExportCell[][] = longRows(
          {
            participant: 'P0123456789abcdef',
            role: 'client',
            sessionNumber: 2,
            when: '2026-01-05',
            instrumentId: feedback.id,
            instrumentVersion: feedback.version,
            answers: { [textItem.id]: text },
            scores: [],
          },
          feedback,
          options,
        );
        const parsed = parse(toCsv([longHeader(options), ...rows]), { columns: true }) as Record<
          string,
          string
        >[];
        const row = parsed.find((r) => r.variable === `session_feedback_item${textItem.id}`)!;
        expect(unguard(row.text!)).toBe(text);
        for (const r of parsed)
          for (const cell of Object.values(r)) expect(startsFormula(cell)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves free text out unless the study allows it', () => {
    const feedback = findBundledInstrument('session-feedback')!;
    const options: ExportOptions = { items: true, freeText: false, dates: 'shift' };
    const rows = longRows(
      {
        participant: 'P1',
        role: 'client',
        sessionNumber: 1,
        when: '2026-01-05',
        instrumentId: feedback.id,
        instrumentVersion: feedback.version,
        answers: Object.fromEntries(
          feedback.items.map((i) => [i.id, i.type === 'text' ? 'my words' : 1]),
        ),
        scores: [],
      },
      feedback,
      options,
    );
    expect(JSON.stringify(rows)).not.toContain('my words');
    expect(longHeader(options)).not.toContain('text');
  });
});
