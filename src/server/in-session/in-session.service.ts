import type { InSessionView } from '../../core/api/in-session.ts';
import { notFound } from '../../core/app-error.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import { type InSessionMode, markInSessionMode } from '../auth/auth-session.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { buildCaseView } from '../case-view/build-case-view.ts';
import { findCaseHeader } from '../case-view/case-view.repository.ts';
import { listMemberNames } from '../cases/case-names.repository.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { loadInstrumentCatalogue } from '../instruments/instrument-catalogue.service.ts';
import { listReadableScoresOfClient } from '../measurement/questionnaire-response.repository.ts';

/** The client's own alliance questionnaire: WAI-SR, drawn as the mean item score (1–5). */
const CLIENT_ALLIANCE = 'wai-sr';
const MEAN_ITEM_RANGE = { min: 1, max: 5 };

/**
 * Hands the tablet to one client member: the therapist's own sign-in session goes into
 * in-session mode for that client. Only the case's therapists may (a supervisor reads the
 * case but is not in the room); anyone else, or a client who is not a member, gets 404.
 */
export async function startInSessionView(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  clientId: string,
  origin: RequestOrigin,
): Promise<void> {
  const header = await findCaseHeader(db, actor, caseId);
  const members = header?.access === 'write' ? await listMemberNames(db, actor, [caseId]) : [];
  if (!members.some((m) => m.clientId === clientId)) throw notFound('Case member');
  await markInSessionMode(db, actor.organizationId, actor.authSessionId, { caseId, clientId });
  await recordStaffAudit(db, clock, actor, origin, {
    action: 'in-session.start',
    entityType: 'care_case',
    entityId: caseId,
    details: { clientId },
  });
}

/**
 * What the tablet shows: the client's own outcome totals and WAI-SR scales, read with the
 * therapist's case access in SQL (a therapist taken off the case meanwhile gets 404) and
 * only for that client, so no other member's, therapist's or alert data is read at all.
 */
export async function readInSessionView(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  mode: InSessionMode,
  origin: RequestOrigin,
): Promise<InSessionView> {
  const header = await findCaseHeader(db, actor, mode.caseId);
  const member = header
    ? (await listMemberNames(db, actor, [mode.caseId])).find((m) => m.clientId === mode.clientId)
    : undefined;
  if (!header || !member) throw notFound('Case member');
  const [scores, catalogue] = await Promise.all([
    listReadableScoresOfClient(db, actor, mode.caseId, mode.clientId),
    loadInstrumentCatalogue(db, actor.organizationId),
  ]);
  const view = buildCaseView({
    header,
    access: header.access,
    members: [{ clientId: member.clientId, displayName: member.givenName, relationship: '' }],
    therapists: [],
    sessions: [],
    requests: [],
    scores,
    catalogue,
    alerts: [],
    ruptureEvents: [],
    now: clock().toISOString(),
  });
  const answer: InSessionView = {
    client: { givenName: member.givenName },
    outcomes: view.outcomes.map((o) => ({
      instrumentId: o.instrumentId,
      range: o.range,
      higherIsBetter: o.higherIsBetter,
      cutOffs: o.cutOffs.map((c) => c.value),
      points: o.points.map((p) => ({ sessionNumber: p.sessionNumber, value: p.value })),
    })),
    alliance: view.alliance
      .filter((a) => a.instrumentId === CLIENT_ALLIANCE && a.side === 'client')
      .map((a) => ({
        scale: a.scale,
        range: MEAN_ITEM_RANGE,
        points: a.points.map((p) => ({
          sessionNumber: p.sessionNumber,
          value: p.itemMean ?? p.value,
        })),
      })),
  };
  await recordStaffAudit(db, clock, actor, origin, {
    action: 'in-session.read',
    entityType: 'care_case',
    entityId: mode.caseId,
    details: { clientId: mode.clientId, scores: scores.length },
  });
  return answer;
}
