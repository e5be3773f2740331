import {
  type AllianceTrendPoint,
  CASELOAD_TREND_LENGTH,
  type CaseloadEntry,
  type CaseloadResponse,
  type LatestAllianceTotal,
} from '../../core/api/caseload.ts';
import { compareByAttention } from '../../core/api/order-caseload-by-attention.ts';
import { rankCasesForAttention } from '../alerts/alert.repository.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { listMemberNames, listTherapistNames } from '../cases/case-names.repository.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import {
  loadInstrumentCatalogue,
  therapistFormIds,
} from '../instruments/instrument-catalogue.service.ts';
import {
  type ScorePoint,
  listScoresForCases,
} from '../measurement/questionnaire-response.repository.ts';
import { listCaseloadCases, summariseSessions } from './caseload.repository.ts';

const CLIENT_ALLIANCE = 'wai-sr';

/**
 * The caseload: the actor's active cases (write) and their supervisees' (read), each with
 * the numbers a therapist looks at between two sessions, ordered by what needs attention
 * before the next session. Nine queries for any number of cases, and one audit row per
 * request.
 */
export async function readCaseload(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<CaseloadResponse> {
  const now = clock().toISOString();
  const orgId = actor.organizationId;
  const [cases, catalogue] = await Promise.all([
    listCaseloadCases(db, actor),
    loadInstrumentCatalogue(db, orgId),
  ]);
  const ids = cases.map((c) => c.id);
  const therapistForms = therapistFormIds(catalogue);
  // The attention rank also counts the open alerts and the outstanding forms.
  const [members, therapists, sessions, scores, attention] = await Promise.all([
    listMemberNames(db, actor, ids),
    listTherapistNames(db, actor, ids),
    summariseSessions(db, actor, ids, now),
    listScoresForCases(db, actor, ids, [CLIENT_ALLIANCE, ...therapistForms], 'total'),
    rankCasesForAttention(db, actor, ids, now),
  ]);

  const byCase = <T extends { caseId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.caseId, [...(map.get(row.caseId) ?? []), row]);
    return map;
  };
  const membersByCase = byCase(members);
  const therapistsByCase = byCase(therapists);
  const scoresByCase = byCase(scores);

  const entries = cases.map((c): CaseloadEntry => {
    const caseMembers = (membersByCase.get(c.id) ?? []).map((m) => ({
      clientId: m.clientId,
      displayName: `${m.givenName} ${m.familyName}`,
    }));
    const caseTherapists = (therapistsByCase.get(c.id) ?? []).map((t) => ({
      staffUserId: t.staffUserId,
      displayName: t.displayName,
    }));
    const caseScores = (scoresByCase.get(c.id) ?? []).filter((s) => s.value !== null);
    const clientScores = caseScores.filter(
      (s) => s.respondentKind === 'client' && s.instrumentId === CLIENT_ALLIANCE,
    );
    const therapistScores = caseScores.filter(
      (s) => s.respondentKind === 'therapist' && therapistForms.includes(s.instrumentId),
    );
    const nameOf = new Map<string, string>([
      ...caseMembers.map((m) => [m.clientId, m.displayName] as const),
      ...caseTherapists.map((t) => [t.staffUserId, t.displayName] as const),
    ]);
    const summary = sessions.get(c.id);
    const rank = attention.get(c.id);
    return {
      id: c.id,
      reference: c.reference,
      type: c.type,
      access: c.canWrite ? 'write' : 'read',
      members: caseMembers,
      therapists: caseTherapists,
      timeZone: c.timeZone,
      attendedSessions: summary?.attended ?? 0,
      clientAlliance: latestPerRespondent(clientScores, nameOf),
      therapistAlliance: latestPerRespondent(therapistScores, nameOf),
      allianceTrend: trendOf(clientScores),
      outstandingForms: rank?.outstandingForms ?? 0,
      openAlerts: rank?.openAlerts ?? 0,
      urgentAlerts: rank?.urgentAlerts ?? 0,
      attention: rank?.level ?? 'none',
      nextSession: summary?.next ?? null,
    };
  });
  entries.sort(compareByAttention);

  await recordStaffAudit(db, clock, actor, origin, {
    action: 'caseload.read',
    entityType: 'caseload',
    entityId: null,
    details: {
      cases: entries.length,
      readOnly: entries.filter((e) => e.access === 'read').length,
    },
  });
  return { cases: entries };
}

const respondentOf = (s: ScorePoint) => (s.clientId ?? s.staffUserId)!;

function latestPerRespondent(
  scores: ScorePoint[],
  nameOf: Map<string, string>,
): LatestAllianceTotal[] {
  const latest = new Map<string, ScorePoint>();
  // Scores arrive in session order, so the last one seen is the latest.
  for (const s of scores) latest.set(respondentOf(s), s);
  return [...latest.values()].map((s) => ({
    respondentId: respondentOf(s),
    displayName: nameOf.get(respondentOf(s)) ?? '',
    instrumentId: s.instrumentId,
    sessionNumber: s.sessionNumber,
    value: s.value!,
  }));
}

/** Per session, the mean of the members' totals; the last CASELOAD_TREND_LENGTH sessions. */
function trendOf(scores: ScorePoint[]): AllianceTrendPoint[] {
  const bySession = new Map<number, number[]>();
  for (const s of scores)
    bySession.set(s.sessionNumber, [...(bySession.get(s.sessionNumber) ?? []), s.value!]);
  return [...bySession.entries()]
    .sort(([a], [b]) => a - b)
    .slice(-CASELOAD_TREND_LENGTH)
    .map(([sessionNumber, values]) => ({
      sessionNumber,
      value: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100,
    }));
}
