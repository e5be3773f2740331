import { describe, expect, it } from 'vitest';
import { analyseCase } from '../alliance/analyse-case.ts';
import {
  buildAttendedSessions,
  buildTestHistory,
  buildTotals,
} from '../../../test/helpers/build-test-history.ts';
import type { AllianceFinding } from '../alliance/alliance-finding.ts';
import { type StoredAlertState, planAlertChanges } from './plan-alert-changes.ts';
import { rankCaseAttention } from './rank-case-attention.ts';

const ruptureOf = (totals: number[]) =>
  analyseCase(
    buildTestHistory({
      sessions: buildAttendedSessions(totals.length),
      ratings: buildTotals('client-1', totals),
    }),
  ).find((f) => f.type === 'rupture') as AllianceFinding;

const stored = (
  finding: AllianceFinding,
  over: Partial<StoredAlertState> = {},
): StoredAlertState => ({
  id: 'alert-1',
  findingKey: finding.key,
  status: 'open',
  resolvedBy: null,
  severity: finding.severity,
  findingStatus: finding.status,
  latestSession: finding.latestSession,
  revision: finding.revision,
  ...over,
});

describe('planAlertChanges', () => {
  const open = ruptureOf([4, 4, 4, 2]);
  const stillOpen = ruptureOf([4, 4, 4, 2, 2]);
  const unresolved = ruptureOf([4, 4, 4, 2, 2, 2, 2]);
  const repaired = ruptureOf([4, 4, 4, 2, 4]);

  it('inserts a new finding, and nothing the second time (same key and revision)', () => {
    expect(planAlertChanges([], [open])).toEqual([
      { kind: 'insert', finding: open, status: 'open', autoResolution: null },
    ]);
    expect(planAlertChanges([stored(open)], [open])).toEqual([]);
  });

  it('resolves automatically when the rupture is repaired, with the reason', () => {
    expect(repaired.status).toBe('repaired');
    expect(planAlertChanges([stored(open)], [repaired])).toEqual([
      {
        kind: 'update',
        alertId: 'alert-1',
        finding: repaired,
        transition: { status: 'resolved', autoResolution: 'repaired' },
      },
    ]);
  });

  it("keeps a person's resolution unless the evidence changes materially", () => {
    const byStaff = stored(open, { status: 'resolved', resolvedBy: 'staff' });
    expect(planAlertChanges([byStaff], [stillOpen])).toEqual([
      { kind: 'update', alertId: 'alert-1', finding: stillOpen, transition: null },
    ]);
    expect(planAlertChanges([byStaff], [unresolved])[0]).toMatchObject({
      transition: { status: 'open', reopened: true },
    });
  });

  it('retires an unresolved alert whose finding is gone, and leaves resolved ones alone', () => {
    expect(planAlertChanges([stored(open)], [])).toEqual([{ kind: 'retire', alertId: 'alert-1' }]);
    expect(
      planAlertChanges([stored(open, { status: 'resolved', resolvedBy: 'staff' })], []),
    ).toEqual([]);
  });
});

describe('rankCaseAttention', () => {
  it.each([
    [
      [
        { type: 'risk-item', severity: 'urgent' },
        { type: 'rupture', severity: 'warning' },
      ],
      0,
      'urgent',
    ],
    [[{ type: 'rupture', severity: 'warning' }], 0, 'rupture'],
    [[{ type: 'split-alliance', severity: 'warning' }], 3, 'alert'],
    [[{ type: 'rupture', severity: 'info' }], 2, 'forms'],
    [[], 0, 'none'],
  ] as const)('%j with %i forms → %s', (alerts, forms, level) => {
    expect(rankCaseAttention(alerts, forms)).toBe(level);
  });
});
