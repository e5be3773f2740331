import { describe, expect, it } from 'vitest';
import type { SupervisionQueue } from '../../core/api/supervision.ts';
import { groupSupervisionQueue } from './group-supervision-queue.ts';

const explanation = { key: 'rupture.open', params: {} } as never;
const alert = (id: string, caseId: string, severity: 'warning' | 'urgent', updatedAt: string) => ({
  alertId: id,
  caseId,
  caseReference: `R-${caseId}`,
  type: 'rupture',
  severity,
  status: 'open' as const,
  latestSession: 3,
  explanation,
  updatedAt,
});
const flagged = (id: string, caseId: string, createdAt: string) => ({
  ruptureEventId: id,
  caseId,
  caseReference: `R-${caseId}`,
  sessionNumber: 4,
  outcome: 'partly',
  description: '',
  recordedBy: 't',
  recordedByName: 'T',
  createdAt,
});
const therapist = (id: string) => ({ id, displayName: `Therapist ${id}` });

describe('groupSupervisionQueue', () => {
  const queue: SupervisionQueue = {
    alerts: [
      alert('a1', 'c1', 'warning', '2026-11-20T10:00:00Z'),
      alert('a2', 'c2', 'warning', '2026-11-22T10:00:00Z'),
      alert('a3', 'c3', 'urgent', '2026-11-10T10:00:00Z'),
      alert('a4', 'c1', 'urgent', '2026-11-01T10:00:00Z'),
    ],
    flaggedSessions: [
      flagged('f1', 'c1', '2026-11-23T10:00:00Z'),
      flagged('f2', 'c4', '2026-11-21T10:00:00Z'),
    ],
    cases: [
      { caseId: 'c1', caseReference: 'R-c1', therapists: [therapist('A'), therapist('B')] },
      { caseId: 'c2', caseReference: 'R-c2', therapists: [therapist('A')] },
      { caseId: 'c3', caseReference: 'R-c3', therapists: [therapist('B')] },
      { caseId: 'c4', caseReference: 'R-c4', therapists: [] },
    ],
  };

  it('groups by primary therapist, then case; most severe and newest first at every level', () => {
    const groups = groupSupervisionQueue(queue);
    // A's and B's cases each hold an urgent alert; B's (c3, 10 Nov) is newer than A's (c1, 1 Nov).
    expect(groups.map((g) => g.therapistName)).toEqual(['Therapist B', 'Therapist A', null]);
    expect(groups[1]!.cases.map((c) => c.caseId)).toEqual(['c1', 'c2']);
    expect(groups[1]!.cases[0]!.coTherapists).toEqual(['Therapist B']);
    // In case c1: the urgent alert first, then the newest of the rest (the flagged session).
    expect(
      groups[1]!.cases[0]!.items.map((i) =>
        i.kind === 'alert' ? i.alert.alertId : i.flagged.ruptureEventId,
      ),
    ).toEqual(['a4', 'f1', 'a1']);
    expect(groups[2]).toMatchObject({ therapistId: null, cases: [{ caseId: 'c4' }] });
  });

  it('is empty for an empty queue', () => {
    expect(groupSupervisionQueue({ alerts: [], flaggedSessions: [], cases: [] })).toEqual([]);
  });
});
