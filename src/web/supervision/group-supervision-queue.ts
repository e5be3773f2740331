import type { SupervisionQueue } from '../../core/api/supervision.ts';

type QueueAlert = SupervisionQueue['alerts'][number];
type QueueFlagged = SupervisionQueue['flaggedSessions'][number];

export type QueueItem =
  | { kind: 'alert'; at: string; rank: number; alert: QueueAlert }
  | { kind: 'flagged'; at: string; rank: number; flagged: QueueFlagged };

export interface QueueCaseGroup {
  caseId: string;
  caseReference: string;
  /** Co-therapists of the case besides the group's therapist. */
  coTherapists: string[];
  items: QueueItem[];
}

export interface QueueTherapistGroup {
  /** The case's first therapist (the primary one), or null for a case with none. */
  therapistId: string | null;
  therapistName: string | null;
  cases: QueueCaseGroup[];
}

/** Urgent alerts outrank warnings and flagged sessions, which rank alike. */
const rankOf = (severity: QueueAlert['severity']) => (severity === 'urgent' ? 2 : 1);

/** Most severe first, then newest first; the id keeps the order total. */
function before(a: { rank: number; at: string }, b: { rank: number; at: string }): number {
  if (a.rank !== b.rank) return b.rank - a.rank;
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0;
}

const head = (items: QueueItem[]) => items[0]!;

/**
 * The supervision queue grouped by therapist and then case, for a supervisor to work through:
 * in each case the most severe item first and then the newest; cases and therapists ordered
 * by their own most severe and newest item. A case with co-therapists is listed under its
 * primary therapist, naming the others.
 */
export function groupSupervisionQueue(queue: SupervisionQueue): QueueTherapistGroup[] {
  const therapistsOf = new Map(queue.cases.map((c) => [c.caseId, c.therapists]));
  const cases = new Map<string, QueueCaseGroup>();
  const caseOf = (caseId: string, caseReference: string) => {
    let group = cases.get(caseId);
    if (!group) {
      const therapists = therapistsOf.get(caseId) ?? [];
      group = {
        caseId,
        caseReference,
        coTherapists: therapists.slice(1).map((t) => t.displayName),
        items: [],
      };
      cases.set(caseId, group);
    }
    return group;
  };
  for (const alert of queue.alerts)
    caseOf(alert.caseId, alert.caseReference).items.push({
      kind: 'alert',
      at: alert.updatedAt,
      rank: rankOf(alert.severity),
      alert,
    });
  for (const flagged of queue.flaggedSessions)
    caseOf(flagged.caseId, flagged.caseReference).items.push({
      kind: 'flagged',
      at: flagged.createdAt,
      rank: 1,
      flagged,
    });

  const groups = new Map<string, QueueTherapistGroup>();
  for (const group of cases.values()) {
    group.items.sort(before);
    const first = therapistsOf.get(group.caseId)?.[0];
    const key = first?.id ?? '';
    let therapist = groups.get(key);
    if (!therapist) {
      therapist = {
        therapistId: first?.id ?? null,
        therapistName: first?.displayName ?? null,
        cases: [],
      };
      groups.set(key, therapist);
    }
    therapist.cases.push(group);
  }
  const ordered = [...groups.values()];
  for (const g of ordered) g.cases.sort((a, b) => before(head(a.items), head(b.items)));
  return ordered.sort((a, b) => before(head(a.cases[0]!.items), head(b.cases[0]!.items)));
}
