import type { AllianceCaseHistory, AllianceScale } from './alliance-case-history.ts';
import type { RuptureEvidence, RuptureFinding } from './alliance-finding.ts';
import type { RepairParameters, RuptureParameters } from './alliance-rule-parameters.ts';
import { collectScoreSeries } from './collect-score-series.ts';
import { roundParameter, roundScore, ruptureSdSource } from './describe-alliance-values.ts';
import { detectRuptureEpisodes, type RuptureEpisode } from './detect-rupture-episodes.ts';
import { finaliseFinding } from './finalise-finding.ts';
import { type FindingMessage, type NestedMessage, scaleMessage } from './finding-message.ts';

/**
 * Idiographic ruptures and their repair, per client member (docs/methods.md, "Rupture" and
 * "Repair"; Stiles et al. 2004; Gumz et al. 2012), as findings.
 *
 * Which scales alert: every scale in `scales` is examined, but only those in `alertScales`
 * (default: the total) raise an alert. The total (12 items) is the most reliable; one drop
 * shows on several scales at once, and four alerts for one event would bury it, so a total
 * rupture lists the subscales that also crossed their own thresholds at that session. A
 * subscale in `alertScales` alerts on its own only when no total rupture covers that
 * session — a drop confined to, say, the bond, which the total can dilute. Subscales do
 * not alert by default because four-item scales are noisy: on the synthetic cohort they
 * added 0.65 false alerts per client (bench/README.md). Only clients' forms are examined:
 * docs/methods.md defines the rule for the client.
 *
 * Severity: open or unresolved → warning; repaired → info, framed as good news.
 */
export function detectRuptures(
  history: AllianceCaseHistory,
  rupture: RuptureParameters,
  repair: RepairParameters,
): RuptureFinding[] {
  const findings: RuptureFinding[] = [];
  const series = collectScoreSeries(history.ratings, rupture.scales, 'client');
  const respondents = [...new Set(series.map((s) => s.respondentId))];
  for (const respondentId of respondents) {
    const byScale = new Map<AllianceScale, RuptureEpisode[]>();
    for (const s of series.filter((x) => x.respondentId === respondentId)) {
      byScale.set(s.scale, detectRuptureEpisodes(s.points, rupture, repair));
    }
    const totalEpisodes = byScale.get('total') ?? [];
    for (const scale of rupture.scales) {
      for (const episode of byScale.get(scale) ?? []) {
        const alsoOnScales: RuptureEvidence['alsoOnScales'][number][] = [];
        if (!rupture.alertScales.includes(scale)) continue;
        if (scale !== 'total') {
          const totalAlerts = rupture.alertScales.includes('total');
          if (totalAlerts && totalEpisodes.some((t) => coversSession(t, episode.point.session)))
            continue;
        } else {
          for (const [other, episodes] of byScale) {
            if (other === 'total') continue;
            const same = episodes.find((e) => e.point.session === episode.point.session);
            if (same)
              alsoOnScales.push({
                scale: other,
                score: same.point.score,
                threshold: same.threshold,
              });
          }
        }
        findings.push(
          buildRuptureFinding(
            history.caseId,
            respondentId,
            scale,
            episode,
            alsoOnScales,
            rupture,
            repair,
          ),
        );
      }
    }
  }
  return findings;
}

/** A total-scale rupture covers the sessions from its onset to its repair, or its whole window. */
function coversSession(episode: RuptureEpisode, session: number): boolean {
  if (session < episode.point.session) return false;
  if (episode.repair.status === 'open') return true;
  const last = episode.repair.followUpScores.at(-1);
  return last === undefined || session <= last.session;
}

function buildRuptureFinding(
  caseId: string,
  respondentId: string,
  scale: AllianceScale,
  episode: RuptureEpisode,
  alsoOnScales: RuptureEvidence['alsoOnScales'],
  rupture: RuptureParameters,
  repair: RepairParameters,
): RuptureFinding {
  const status = episode.repair.status;
  return finaliseFinding<RuptureFinding>({
    key: `rupture:${caseId}:${respondentId}:${scale}:s${episode.point.session}`,
    type: 'rupture',
    severity: status === 'repaired' ? 'info' : 'warning',
    status,
    caseId,
    respondentIds: [respondentId],
    session: episode.point.session,
    // The last score the rule looked at, not the respondent's latest: a closed rupture must
    // not change (new revision) every time a later, unrelated score arrives.
    latestSession: episode.repair.followUpScores.at(-1)?.session ?? episode.point.session,
    explanation: explainRupture(scale, episode, rupture, repair),
    rule: 'detect-ruptures',
    parameters: { rupture, repair },
    evidence: {
      respondentId,
      role: 'client',
      scale,
      method: episode.method,
      score: episode.point.score,
      previousScore: episode.previous.score,
      baseline: episode.baseline,
      ownSd: episode.ownSd,
      pooledSd: episode.pooledSd,
      sd: episode.sd,
      threshold: episode.threshold,
      priorScores: episode.priorScores,
      followUpScores: episode.repair.followUpScores,
      repairedAt: episode.repair.repairedAt,
      alsoOnScales,
    },
  });
}

function explainRupture(
  scale: AllianceScale,
  episode: RuptureEpisode,
  rupture: RuptureParameters,
  repair: RepairParameters,
): FindingMessage {
  const common = {
    scale: scaleMessage(scale),
    from: roundScore(episode.baseline),
    to: roundScore(episode.point.score),
    session: episode.point.session,
  };
  const k = roundParameter(rupture.k);
  const why: NestedMessage =
    episode.method === 'absolute-drop'
      ? { key: 'rupture.why.absoluteDrop', params: { drop: roundParameter(rupture.fallbackDrop) } }
      : ruptureSdSource(episode) === 'own'
        ? { key: 'rupture.why.own', params: { k } }
        : { key: 'rupture.why.betweenClients', params: { k } };
  switch (episode.repair.status) {
    case 'repaired': {
      const back = episode.repair.repairedAt;
      return {
        key: 'rupture.repaired',
        params: {
          ...common,
          back: roundScore(back?.score ?? 0),
          backSession: back?.session ?? common.session,
        },
      };
    }
    case 'unresolved':
      return { key: 'rupture.unresolved', params: { ...common, why, horizon: repair.horizon } };
    case 'open':
      return { key: 'rupture.open', params: { ...common, why } };
  }
}
