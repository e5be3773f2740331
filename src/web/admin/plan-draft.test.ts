import { describe, expect, it } from 'vitest';
import { type PlanEntry, planEntriesSchema } from '../../core/measurement/measurement-plan.ts';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import { type DraftRow, blankRow, entryToRow, issueToField, rowToEntry } from './plan-draft.ts';

const row = (fields: Partial<DraftRow>): DraftRow => ({
  ...blankRow(),
  instrumentId: 'who-5',
  ...fields,
});

describe('the plan editor rows', () => {
  it('turn every entry of the default plan into fields and back unchanged', () => {
    const entries = defaultMeasurementPlanEntries();
    const back = entries.map((e) => rowToEntry(entryToRow(e)).entry);
    expect(back).toEqual(entries);
    expect(planEntriesSchema.parse(back)).toEqual(entries);
  });

  it.each<[string, Partial<DraftRow>, PlanEntry['schedule']]>([
    ['every session', { when: 'every-session' }, { kind: 'every-session' }],
    ['at intake', { when: 'intake' }, { kind: 'intake' }],
    [
      'sessions, sorted, once each',
      { when: 'sessions', numbers: '10; 1 5,5' },
      { kind: 'sessions', numbers: [1, 5, 10] },
    ],
    [
      'every third from 2',
      { when: 'every-from', from: '2', every: '3' },
      { kind: 'every-from', from: 2, every: 3 },
    ],
    [
      'intake and every fourth',
      { when: 'intake-and-every', every: '4' },
      { kind: 'intake-and-every', every: 4 },
    ],
    [
      '1–5 then every second',
      { when: 'first-then-every', first: '5', every: '2' },
      { kind: 'first-then-every', first: 5, every: 2 },
    ],
  ])('say %s', (_name, fields, schedule) => {
    expect(rowToEntry(row(fields)).entry).toEqual({
      instrumentId: 'who-5',
      respondent: 'client-member',
      schedule,
    });
  });

  it('name the obvious mistakes by field, before anything is sent', () => {
    expect(rowToEntry(row({ instrumentId: '' })).problems).toEqual({
      instrumentId: 'chooseInstrument',
    });
    for (const numbers of ['', '1, x', '0', '2.5', '-1'])
      expect(rowToEntry(row({ when: 'sessions', numbers })).problems, numbers).toEqual({
        numbers: 'sessionNumbers',
      });
    expect(rowToEntry(row({ when: 'every-from', from: '0', every: '' })).problems).toEqual({
      from: 'wholeNumber',
      every: 'wholeNumber',
    });
    expect(rowToEntry(row({ minAge: '121' })).problems).toEqual({ minAge: 'age' });
    // A field the chosen "when" does not use is not checked.
    expect(rowToEntry(row({ when: 'intake', from: 'x' })).problems).toBeUndefined();
  });

  it("put the server's messages on the row and field they name", () => {
    expect(issueToField('body.entries.2.schedule.numbers.0')).toEqual({ row: 2, field: 'numbers' });
    expect(issueToField('body.entries.0.schedule.from')).toEqual({ row: 0, field: 'from' });
    expect(issueToField('body.entries.1.schedule.kind')).toEqual({ row: 1, field: 'when' });
    expect(issueToField('body.entries.1.instrumentId')).toEqual({ row: 1, field: 'instrumentId' });
    expect(issueToField('body.entries.3.concerns.0')).toEqual({ row: 3, field: 'concerns' });
    expect(issueToField('body.entries.3.minAge')).toEqual({ row: 3, field: 'minAge' });
    expect(issueToField('body.entries')).toBeNull();
    expect(issueToField('body.name')).toBeNull();
  });
});
