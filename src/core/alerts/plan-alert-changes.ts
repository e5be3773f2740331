import type {
  AllianceFinding,
  FindingSeverity,
  FindingStatus,
} from '../alliance/alliance-finding.ts';

/** A therapist's view of an alert: open → acknowledged → resolved. */
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * Why an alert was resolved automatically: the finding itself closed (`repaired`,
 * `resolved`) or the engine no longer sees it at all (a score was corrected, the clinic's
 * parameters changed).
 */
export type AutoResolution = 'repaired' | 'resolved' | 'no-longer-detected';

/** What the alert layer remembers of an alert to decide what a new analysis changes. */
export interface StoredAlertState {
  id: string;
  findingKey: string;
  status: AlertStatus;
  /** Who resolved it: a person, or the engine. Null while not resolved. */
  resolvedBy: 'staff' | 'engine' | null;
  severity: FindingSeverity;
  findingStatus: FindingStatus;
  latestSession: number;
  revision: string;
}

export type AlertChange =
  | {
      kind: 'insert';
      finding: AllianceFinding;
      status: AlertStatus;
      autoResolution: AutoResolution | null;
    }
  | {
      kind: 'update';
      alertId: string;
      finding: AllianceFinding;
      /** The new state, or null to leave status and resolution as they are. */
      transition:
        | { status: 'resolved'; autoResolution: AutoResolution }
        | { status: 'open'; reopened: true }
        | null;
    }
  | { kind: 'retire'; alertId: string };

const SEVERITY_RANK: Record<FindingSeverity, number> = { info: 0, warning: 1, urgent: 2 };
const CLOSED: readonly FindingStatus[] = ['repaired', 'resolved'];

/**
 * Turns one case's findings into changes of its stored alerts (pure; the service applies
 * them). One alert per finding key, so re-running on the same data changes nothing:
 *  - a new key is inserted (already resolved by the engine if the finding is closed);
 *  - a new revision updates the evidence; a finding that closed (repaired, resolved)
 *    resolves its alert automatically, with the reason; one that holds again after the
 *    engine had resolved it reopens;
 *  - a person's resolution stands unless the evidence changed materially
 *    (`isMaterialChange`), which reopens the alert; an acknowledgement likewise;
 *  - a key that is no longer found resolves its alert as `no-longer-detected`.
 */
export function planAlertChanges(
  existing: readonly StoredAlertState[],
  findings: readonly AllianceFinding[],
): AlertChange[] {
  const byKey = new Map(existing.map((a) => [a.findingKey, a]));
  const changes: AlertChange[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    seen.add(finding.key);
    const stored = byKey.get(finding.key);
    const closed = CLOSED.includes(finding.status);
    if (!stored) {
      changes.push({
        kind: 'insert',
        finding,
        status: closed ? 'resolved' : 'open',
        autoResolution: closed ? (finding.status as AutoResolution) : null,
      });
      continue;
    }
    if (stored.revision === finding.revision) continue;
    let transition: Extract<AlertChange, { kind: 'update' }>['transition'] = null;
    if (closed) {
      if (stored.status !== 'resolved')
        transition = { status: 'resolved', autoResolution: finding.status as AutoResolution };
    } else if (stored.status === 'resolved' && stored.resolvedBy === 'engine') {
      transition = { status: 'open', reopened: true };
    } else if (stored.status !== 'open' && isMaterialChange(stored, finding)) {
      transition = { status: 'open', reopened: true };
    }
    changes.push({ kind: 'update', alertId: stored.id, finding, transition });
  }
  for (const stored of existing) {
    if (!seen.has(stored.findingKey) && stored.status !== 'resolved')
      changes.push({ kind: 'retire', alertId: stored.id });
  }
  return changes;
}

/**
 * Whether new evidence should bring back an alert a person has acknowledged or resolved:
 * the finding got more severe, a rupture went from open to unresolved (no repair within
 * the window), or a continuing condition (split, discrepancy, off track, checkpoint) was
 * met again at a later session. More follow-up scores of a rupture that is still open,
 * or a new digest of the same facts, are not material: they would only nag.
 */
export function isMaterialChange(stored: StoredAlertState, finding: AllianceFinding): boolean {
  if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[stored.severity]) return true;
  if (stored.findingStatus === 'open' && finding.status === 'unresolved') return true;
  return finding.status === 'active' && finding.latestSession > stored.latestSession;
}
