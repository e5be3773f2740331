import { describe, expect, it } from 'vitest';
import { readClientImportCsv } from './client-import-csv.ts';
import { defaultCaseTypes, defaultPresentingConcerns } from './intake-lists.ts';
import { type ImportClinicContext, planClientImport } from './plan-client-import.ts';

const context: ImportClinicContext = {
  caseTypes: defaultCaseTypes,
  presentingConcerns: defaultPresentingConcerns,
  therapists: [
    { email: 'therapist@clinic.example', staffUserId: 't-1' },
    { email: 'second@clinic.example', staffUserId: 't-2' },
  ],
  today: '2026-12-04',
};

const HEADER =
  'case_key,given_name,family_name,date_of_birth,preferred_language,relation,case_type,therapist_email,start_date,guardian_name,guardian_contact,presenting_concerns,mobile';
const family = [
  'F1,Marta,Okafor,1980-03-02,es,parent,family,therapist@clinic.example;second@clinic.example,2026-11-02,,,family-conflict;anxiety,+34 600 000 001',
  'F1,Tomas,Okafor,2012-07-19,es,child,,,,Marta Okafor,+34 600 000 001,,',
];
const single = 'S1,Lena,Brandt,1995,en,client,individual,therapist@clinic.example,2026-11-02,,,,';

const plan = (text: string) => {
  const read = readClientImportCsv(text);
  return read.ok ? planClientImport(read.rows, context) : read;
};
const problemsOf = (text: string) => {
  const result = plan(text);
  return result.ok ? [] : result.problems.map((p) => [p.line, p.field, p.reason]);
};
/** The valid file with one cell of the single's row (line 4) replaced. */
const withCell = (column: string, value: string) => {
  const names = HEADER.split(',');
  const cells = single.split(',');
  cells[names.indexOf(column)] = value;
  return [HEADER, ...family, cells.join(',')].join('\n');
};

describe('planClientImport', () => {
  it('groups the rows into people and cases, as the intake pages would store them', () => {
    const result = plan(['\uFEFF' + HEADER, ...family, single].join('\r\n'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.plan.people.map((p) => [p.line, p.givenName, p.dateOfBirth, p.birthYear]),
    ).toEqual([
      [2, 'Marta', '1980-03-02', 1980],
      [3, 'Tomas', '2012-07-19', 2012],
      [4, 'Lena', null, 1995],
    ]);
    expect(result.plan.cases).toEqual([
      {
        key: 'F1',
        line: 2,
        caseType: { code: 'family', structure: 'family' },
        presentingConcerns: ['family-conflict', 'anxiety'],
        therapistIds: ['t-1', 't-2'],
        startDate: '2026-11-02',
        members: [
          expect.objectContaining({ line: 2, relation: 'parent', guardianName: null }),
          expect.objectContaining({
            line: 3,
            relation: 'child',
            guardianName: 'Marta Okafor',
            guardianContact: '+34 600 000 001',
          }),
        ],
      },
      expect.objectContaining({ key: 'S1', therapistIds: ['t-1'], presentingConcerns: [] }),
    ]);
  });

  it('counts lines from the header, across quoted cells that span lines', () => {
    const text = [
      HEADER,
      ...family,
      `S1,"Lena\nMaria",Brandt,1995,en,client,individual,nobody@clinic.example,2026-11-02,,,,`,
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      [4, 'therapist_email', 'is not the e-mail address of a therapist at this clinic'],
    ]);
  });

  // Each bad cell gives one problem at its line and column, and no value in the reason.
  it.each([
    ['given_name', '', 'must not be empty'],
    ['given_name', '   ', 'must not be empty'],
    ['family_name', 'x'.repeat(10_000), 'is too long'],
    [
      'date_of_birth',
      '2023-02-30',
      'must be a real date written YYYY-MM-DD (or only the year, YYYY)',
    ],
    [
      'date_of_birth',
      '30/01/1990',
      'must be a real date written YYYY-MM-DD (or only the year, YYYY)',
    ],
    ['date_of_birth', '2027-01-01', 'must not be in the future'],
    ['date_of_birth', '2031', 'must not be in the future'],
    ['date_of_birth', '1850', 'is before 1900'],
    ['date_of_birth', '', 'must not be empty: give the date of birth, or the year'],
    ['preferred_language', 'Spanish', 'must be a language tag such as en or es'],
    ['relation', 'cousin', 'must be one of client, partner, parent, child, sibling, other'],
    [
      'case_type',
      'group',
      'is not one of the clinic’s case types (individual, couple, family, coaching)',
    ],
    ['presenting_concerns', 'insomnia', 'names a concern that is not on the clinic’s list'],
    ['presenting_concerns', 'ocd;ocd', 'names a concern twice'],
    [
      'therapist_email',
      'nobody@clinic.example',
      'is not the e-mail address of a therapist at this clinic',
    ],
    ['therapist_email', '', 'must not be empty on the first row of a case'],
    ['start_date', '2026-13-01', 'must be a real date written YYYY-MM-DD'],
    ['mobile', '12', 'must be a phone number such as +44 7700 900123'],
  ])('%s %j: %s', (column, value, reason) => {
    expect(problemsOf(withCell(column, value))).toEqual([[4, column, reason]]);
  });

  // CSV injection: a cell a spreadsheet would run as a formula is refused, whatever the column.
  it.each([
    ['family_name', '=HYPERLINK("http://evil.example","x")'],
    ['given_name', '+1+1'],
    ['given_name', '-2+3'],
    ['preferred_language', '@SUM(A1)'],
    ['family_name', ' =1+1'],
    ['mobile', '=1+1'],
  ])('%s %j is refused as a formula', (column, value) => {
    const cell =
      value.includes(',') || value.includes('"') ? `"${value.replaceAll('"', '""')}"` : value;
    expect(problemsOf(withCell(column, cell))).toEqual([
      [4, column, 'starts with =, +, - or @, which a spreadsheet would run as a formula'],
    ]);
  });

  it('accepts a mobile number with its international +', () => {
    expect(problemsOf(withCell('mobile', '+44 7700 900123'))).toEqual([]);
  });

  it('refuses a member listed twice in a case', () => {
    const text = [HEADER, ...family, family[1]!.replace('Tomas', 'TOMAS')].join('\n');
    expect(problemsOf(text)).toEqual([
      [4, 'given_name', 'lists the same person as line 3 of this case'],
    ]);
  });

  it('lets a person be a member of two cases, once as a client, if they are described alike', () => {
    const own =
      'S2,Marta,Okafor,1980-03-02,es,client,individual,therapist@clinic.example,2026-11-02,,,,+34 600 000 001';
    const result = plan([HEADER, ...family, own].join('\n'));
    expect(result.ok && result.plan.people.length).toBe(2);
    expect(result.ok && result.plan.cases.length).toBe(2);
    expect(
      problemsOf([HEADER, ...family, own.replace('+34 600 000 001', '+34 600 000 009')].join('\n')),
    ).toEqual([[4, 'mobile', 'differs from line 2, which lists the same person']]);
  });

  it('needs a guardian for a member under 18 on the start date', () => {
    const text = [HEADER, family[0], family[1]!.replace('Marta Okafor,+34 600 000 001', ',')].join(
      '\n',
    );
    expect(problemsOf(text)).toEqual([
      [3, 'guardian_name', 'is needed for a member under 18 on the start date'],
    ]);
  });

  it('holds a case to its first row and to the number of members its type has', () => {
    expect(
      problemsOf(
        [HEADER, family[0], family[1]!.replace(',child,,,,', ',child,couple,,,')].join('\n'),
      ),
    ).toEqual([[3, 'case_type', 'differs from line 2, the first row of this case']]);
    expect(problemsOf([HEADER, family[0]].join('\n'))).toEqual([
      [2, 'case_key', 'has 1 member; a case of type family has 2 to 12'],
    ]);
  });

  it('lists every problem of the file at once, in line order', () => {
    const text = [
      HEADER,
      ...family,
      single.replace('Lena', ''),
      single.replace('S1,', 'S2,').replace('1995', '1995-02-30'),
    ].join('\n');
    expect(problemsOf(text).map(([line, field]) => [line, field])).toEqual([
      [4, 'given_name'],
      [5, 'date_of_birth'],
    ]);
  });
});

describe('readClientImportCsv', () => {
  it.each([
    ['', [[0, '', 'The file is empty: it needs a header row and at least one row.']]],
    [HEADER, [[0, '', 'The file has a header row but no rows.']]],
    [
      HEADER.replace('family_name', 'surname') + '\n' + single,
      [
        [1, 'surname', 'is not a column of the import'],
        [1, 'family_name', 'is missing from the header row'],
      ],
    ],
    [HEADER + ',given_name\n' + single + ',x', [[1, 'given_name', 'is named twice']]],
    [HEADER + '\n' + single + ',extra', [[2, '', 'has 14 cells where the header has 13']]],
    [HEADER + '\n' + 'S1,"Lena,Brandt', [[2, '', 'a quoted cell is never closed']]],
  ])('refuses %j', (text, problems) => {
    const read = readClientImportCsv(text);
    expect(read.ok ? [] : read.problems.map((p) => [p.line, p.field, p.reason])).toEqual(problems);
  });

  it('accepts a byte-order mark, header names in any case and order, and blank lines', () => {
    const names = HEADER.split(',');
    const text = `\uFEFF${[...names]
      .reverse()
      .map((n) => n.toUpperCase())
      .join(',')}\n\n${single.split(',').reverse().join(',')}\n`;
    const read = readClientImportCsv(text);
    expect(read.ok && read.rows).toEqual([
      {
        line: 3,
        cells: expect.objectContaining({ given_name: 'Lena', case_key: 'S1', email: '' }),
      },
    ]);
  });
});
