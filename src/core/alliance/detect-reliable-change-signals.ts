import type { AllianceCaseHistory, ReliableChangeResult } from './alliance-case-history.ts';
import type { ReliableChangeEvidence, ReliableChangeFinding } from './alliance-finding.ts';
import { finaliseFinding } from './finalise-finding.ts';
import type { FindingMessage } from './finding-message.ts';
import { groupConsecutiveFlags } from './group-consecutive-flags.ts';

/**
 * Outcome signals from reliable change (docs/methods.md, Jacobson & Truax 1991). The categories
 * are computed in src/core/outcomes and only read here: deteriorated → warning; improved
 * and recovered → info, good news. A run of consecutive results in the same category is
 * one finding keyed by its first session; it resolves when a later result leaves the
 * category. Its parameters (SD, r_xx, variant) live with the reliable-change result.
 */
export function detectReliableChangeSignals(history: AllianceCaseHistory): ReliableChangeFinding[] {
  const groups = new Map<string, ReliableChangeResult[]>();
  for (const r of history.reliableChanges) {
    const id = `${r.respondentId}\u0000${r.instrumentId}`;
    const list = groups.get(id) ?? [];
    groups.set(id, [...list.filter((x) => x.session !== r.session), r]);
  }
  const findings: ReliableChangeFinding[] = [];
  for (const [, results] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ordered = results.sort((a, b) => a.session - b.session);
    for (const category of ['deteriorated', 'improved', 'recovered'] as const) {
      for (const episode of groupConsecutiveFlags(ordered, (r) => r.category === category)) {
        const first = episode.flagged[0] as ReliableChangeResult;
        const last = episode.flagged.at(-1) as ReliableChangeResult;
        const resolvedAtSession = episode.resolvedBy?.session ?? null;
        const name = first.instrumentId.toUpperCase();
        const explanation: FindingMessage = {
          key: `reliableChange.${category}`,
          params: {
            instrument: name,
            session: last.session,
            change:
              last.pre !== undefined && last.post !== undefined
                ? { key: 'reliableChange.change', params: { pre: last.pre, post: last.post } }
                : '',
          },
        };
        findings.push(
          finaliseFinding<ReliableChangeFinding>({
            key: `reliable-change:${history.caseId}:${first.respondentId}:${first.instrumentId}:${category}:s${first.session}`,
            type: 'reliable-change',
            severity:
              category === 'deteriorated' && resolvedAtSession === null ? 'warning' : 'info',
            status: resolvedAtSession === null ? 'active' : 'resolved',
            caseId: history.caseId,
            respondentIds: [first.respondentId],
            session: first.session,
            latestSession: resolvedAtSession ?? last.session,
            explanation,
            rule: 'detect-reliable-change-signals',
            parameters: {},
            evidence: {
              respondentId: first.respondentId,
              instrumentId: first.instrumentId,
              category,
              results: episode.flagged.map((r) => ({
                session: r.session,
                rci: r.rci ?? null,
                pre: r.pre ?? null,
                post: r.post ?? null,
              })),
              resolvedAtSession,
            } satisfies ReliableChangeEvidence,
          }),
        );
      }
    }
  }
  return findings;
}
