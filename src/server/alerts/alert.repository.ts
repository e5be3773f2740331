import type {
  AllianceFinding,
  FindingSeverity,
  FindingStatus,
} from '../../core/alliance/alliance-finding.ts';
import {
  type FindingMessage,
  parseStoredFindingMessage,
} from '../../core/alliance/finding-message.ts';
import {
  ATTENTION_RANK,
  type AttentionLevel,
  rankCaseAttention,
} from '../../core/alerts/rank-case-attention.ts';
import type { AlertStatus, StoredAlertState } from '../../core/alerts/plan-alert-changes.ts';
import {
  readableCase,
  readableCasesAmong,
  writableCase,
} from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { AlertTable } from '../db/database-schema.ts';

export interface Alert {
  id: string;
  caseId: string;
  findingKey: string;
  type: string;
  severity: FindingSeverity;
  findingStatus: FindingStatus;
  status: AlertStatus;
  session: number;
  latestSession: number;
  respondentIds: string[];
  rule: string;
  parameters: unknown;
  evidence: unknown;
  /** Rendered in the reader's language where it is shown (src/core/alerts/render-finding-message.ts). */
  explanation: FindingMessage;
  revision: string;
  createdAt: string;
  updatedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** 'staff', or the engine's reason: 'repaired' | 'resolved' | 'no-longer-detected'. */
  resolution: string | null;
  resolutionNote: string | null;
}

const alertRowToAlert = (row: AlertTable): Alert => ({
  id: row.id,
  caseId: row.case_id,
  findingKey: row.finding_key,
  type: row.type,
  severity: row.severity,
  findingStatus: row.finding_status as FindingStatus,
  status: row.status,
  session: Number(row.session_number),
  latestSession: Number(row.latest_session),
  respondentIds: JSON.parse(row.respondent_ids) as string[],
  rule: row.rule,
  parameters: JSON.parse(row.parameters) as unknown,
  evidence: JSON.parse(row.evidence) as unknown,
  explanation: parseStoredFindingMessage(row.explanation_key, row.explanation_params),
  revision: row.revision,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  acknowledgedBy: row.acknowledged_by,
  acknowledgedAt: row.acknowledged_at,
  resolvedBy: row.resolved_by,
  resolvedAt: row.resolved_at,
  resolution: row.resolution,
  resolutionNote: row.resolution_note,
});

/** The columns a finding fills; the same on insert and on update. */
export function findingColumns(
  finding: AllianceFinding,
): Pick<
  AlertTable,
  | 'type'
  | 'severity'
  | 'finding_status'
  | 'session_number'
  | 'latest_session'
  | 'respondent_ids'
  | 'rule'
  | 'parameters'
  | 'evidence'
  | 'explanation_key'
  | 'explanation_params'
  | 'revision'
> {
  return {
    type: finding.type,
    severity: finding.severity,
    finding_status: finding.status,
    session_number: finding.session,
    latest_session: finding.latestSession,
    respondent_ids: JSON.stringify(finding.respondentIds),
    rule: finding.rule,
    parameters: JSON.stringify(finding.parameters),
    evidence: JSON.stringify(finding.evidence),
    explanation_key: finding.explanation.key,
    explanation_params: JSON.stringify(finding.explanation.params),
    revision: finding.revision,
  };
}

/** What the reconciliation needs of a case's alerts (src/core/alerts/plan-alert-changes.ts). */
export async function listAlertStatesForCase(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<StoredAlertState[]> {
  const rows = await db
    .selectFrom('alert')
    .select([
      'id',
      'finding_key',
      'status',
      'resolution',
      'severity',
      'finding_status',
      'latest_session',
      'revision',
    ])
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    findingKey: r.finding_key,
    status: r.status,
    resolvedBy: r.resolution === null ? null : r.resolution === 'staff' ? 'staff' : 'engine',
    severity: r.severity,
    findingStatus: r.finding_status as FindingStatus,
    latestSession: Number(r.latest_session),
    revision: r.revision,
  }));
}

/** Inserts an alert unless its finding already has one (a concurrent recompute won). */
export async function insertAlert(db: Executor, row: AlertTable): Promise<boolean> {
  const result = await db
    .insertInto('alert')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'finding_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateAlert(
  db: Executor,
  organizationId: string,
  alertId: string,
  changes: Partial<Omit<AlertTable, 'id' | 'organization_id' | 'case_id' | 'finding_key'>>,
): Promise<void> {
  await db
    .updateTable('alert')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .where('id', '=', alertId)
    .execute();
}

export async function findAlert(
  db: Executor,
  organizationId: string,
  alertId: string,
): Promise<Alert | undefined> {
  const row = await db
    .selectFrom('alert')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', alertId)
    .executeTakeFirst();
  return row && alertRowToAlert(row);
}

/**
 * The alerts of one case the actor may read (therapists and their supervisors), urgent
 * first, then unresolved before resolved, newest session first.
 */
export async function listAlertsForCase(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<Alert[]> {
  const rows = await db
    .selectFrom('alert')
    .selectAll('alert')
    .where('alert.organization_id', '=', actor.organizationId)
    .where('alert.case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('alert.case_id')))
    .orderBy('alert.latest_session', 'desc')
    .orderBy('alert.finding_key')
    .execute();
  const severity: Record<FindingSeverity, number> = { urgent: 0, warning: 1, info: 2 };
  const state: Record<AlertStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };
  return rows
    .map(alertRowToAlert)
    .sort(
      (a, b) =>
        state[a.status] - state[b.status] ||
        severity[a.severity] - severity[b.severity] ||
        b.latestSession - a.latestSession,
    );
}

/** A member of a case as its alerts name them: the name the client goes by. */
export interface AlertMember {
  clientId: string;
  name: string;
}

/**
 * The members of one case the actor may read, by the name they go by (preferred, else
 * given name), so that in a couple or a family each alert can say whom it is about.
 */
export async function listCaseMembersForAlerts(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<AlertMember[]> {
  const rows = await db
    .selectFrom('case_member')
    .innerJoin('client', (join) =>
      join
        .onRef('client.id', '=', 'case_member.client_id')
        .onRef('client.organization_id', '=', 'case_member.organization_id'),
    )
    .select(['client.id', 'client.given_name', 'client.preferred_name'])
    .where('case_member.organization_id', '=', actor.organizationId)
    .where('case_member.case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('case_member.case_id')))
    .orderBy('client.given_name')
    .orderBy('client.id')
    .execute();
  return rows.map((r) => ({ clientId: r.id, name: r.preferred_name ?? r.given_name }));
}

/** One alert with the actor's access to its case, or undefined when out of reach. */
export async function findAlertForActor(
  db: Executor,
  actor: StaffActor,
  alertId: string,
): Promise<{ alert: Alert; access: 'write' | 'read' } | undefined> {
  const row = await db
    .selectFrom('alert')
    .selectAll('alert')
    .select((eb) => writableCase(actor, eb.ref('alert.case_id')).as('can_write'))
    .where('alert.organization_id', '=', actor.organizationId)
    .where('alert.id', '=', alertId)
    .where((eb) => readableCase(actor, eb.ref('alert.case_id')))
    .executeTakeFirst();
  if (!row) return undefined;
  const { can_write: canWrite, ...alertRow } = row;
  return {
    alert: alertRowToAlert(alertRow as AlertTable),
    access: truthy(canWrite) ? 'write' : 'read',
  };
}

export interface OpenAlertCounts {
  /** Unresolved (open or acknowledged) alerts that need attention (not good news). */
  open: number;
  urgent: number;
  /** Not yet acknowledged by anyone. */
  unacknowledged: number;
}

/**
 * Unresolved alert counts per case for a caseload, in one query; cases without any are
 * absent from the map. Good news (severity info) is not counted.
 */
export async function countOpenAlertsByCase(
  db: Executor,
  organizationId: string,
  caseIds: readonly string[],
): Promise<Map<string, OpenAlertCounts>> {
  const counts = new Map<string, OpenAlertCounts>();
  if (caseIds.length === 0) return counts;
  const rows = await db
    .selectFrom('alert')
    .select(['case_id', 'severity', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('organization_id', '=', organizationId)
    .where('case_id', 'in', [...caseIds])
    .where('status', '!=', 'resolved')
    .where('severity', '!=', 'info')
    .groupBy(['case_id', 'severity', 'status'])
    .execute();
  for (const row of rows) {
    const n = Number(row.n);
    const c = counts.get(row.case_id) ?? { open: 0, urgent: 0, unacknowledged: 0 };
    c.open += n;
    if (row.severity === 'urgent') c.urgent += n;
    if (row.status === 'open') c.unacknowledged += n;
    counts.set(row.case_id, c);
  }
  return counts;
}

export interface CaseAttention {
  level: AttentionLevel;
  /** 0 = most urgent; sort a caseload by it (src/core/alerts/rank-case-attention.ts). */
  rank: number;
  openAlerts: number;
  urgentAlerts: number;
  outstandingForms: number;
}

/**
 * The attention rank of each case (urgent > open rupture > other open alerts >
 * outstanding forms > nothing), from two grouped queries. Every requested case is in the
 * map; a case the actor may not read (or of another organization) counts as having nothing.
 */
export async function rankCasesForAttention(
  db: Executor,
  actor: StaffActor,
  caseIds: readonly string[],
  now: string,
): Promise<Map<string, CaseAttention>> {
  const result = new Map<string, CaseAttention>();
  if (caseIds.length === 0) return result;
  const [alerts, forms] = await Promise.all([
    db
      .selectFrom('alert')
      .select(['case_id', 'type', 'severity'])
      .where('organization_id', '=', actor.organizationId)
      .where('case_id', 'in', readableCasesAmong(actor, caseIds))
      .where('status', '!=', 'resolved')
      .execute(),
    db
      .selectFrom('questionnaire_request')
      .select(['case_id', (eb) => eb.fn.countAll().as('n')])
      .where('organization_id', '=', actor.organizationId)
      .where('case_id', 'in', readableCasesAmong(actor, caseIds))
      .where('status', '=', 'open')
      .where('expires_at', '>', now)
      .groupBy('case_id')
      .execute(),
  ]);
  // Grouped once: a supervisor's caseload can hold thousands of cases.
  const alertsByCase = new Map<string, typeof alerts>();
  for (const a of alerts) {
    const list = alertsByCase.get(a.case_id);
    if (list) list.push(a);
    else alertsByCase.set(a.case_id, [a]);
  }
  const formsByCase = new Map(forms.map((f) => [f.case_id, Number(f.n)]));
  for (const caseId of caseIds) {
    const unresolved = alertsByCase.get(caseId) ?? [];
    const outstandingForms = formsByCase.get(caseId) ?? 0;
    const level = rankCaseAttention(unresolved, outstandingForms);
    const needing = unresolved.filter((a) => a.severity !== 'info');
    result.set(caseId, {
      level,
      rank: ATTENTION_RANK[level],
      openAlerts: needing.length,
      urgentAlerts: needing.filter((a) => a.severity === 'urgent').length,
      outstandingForms,
    });
  }
  return result;
}

export interface TherapistContact {
  id: string;
  email: string;
}

/** The active therapists of a case, for the urgent-alert mail. */
export async function listActiveCaseTherapists(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<TherapistContact[]> {
  return db
    .selectFrom('case_therapist')
    .innerJoin('staff_user', 'staff_user.id', 'case_therapist.staff_user_id')
    .select(['staff_user.id', 'staff_user.email'])
    .where('case_therapist.organization_id', '=', organizationId)
    .where('staff_user.organization_id', '=', organizationId)
    .where('case_therapist.case_id', '=', caseId)
    .where('staff_user.status', '=', 'active')
    .orderBy('staff_user.id')
    .execute();
}

/** One therapist of a case, if still on it and active (an urgent mail goes to no one else). */
export async function findActiveCaseTherapist(
  db: Executor,
  organizationId: string,
  caseId: string,
  staffUserId: string,
): Promise<TherapistContact | undefined> {
  return db
    .selectFrom('case_therapist')
    .innerJoin('staff_user', 'staff_user.id', 'case_therapist.staff_user_id')
    .select(['staff_user.id', 'staff_user.email'])
    .where('case_therapist.organization_id', '=', organizationId)
    .where('staff_user.organization_id', '=', organizationId)
    .where('case_therapist.case_id', '=', caseId)
    .where('case_therapist.staff_user_id', '=', staffUserId)
    .where('staff_user.status', '=', 'active')
    .executeTakeFirst();
}

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1';
