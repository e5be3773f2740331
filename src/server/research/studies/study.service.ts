import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorIssue, badRequest, notFound } from '../../../core/app-error.ts';
import type { AuditAction, AuditEntityType } from '../../../core/api/audit-vocabulary.ts';
import type { NewStudy, StudyChanges } from '../../../core/api/research-studies.ts';
import { measuresProblem, recruitingProblem } from '../../../core/research/study-readiness.ts';
import { canMoveStudyStatus } from '../../../core/research/study-rules.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordStaffAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { loadInstrumentCatalogue } from '../../instruments/instrument-catalogue.service.ts';
import { listClinics } from '../../organizations/organization.repository.ts';
import { listConsentVersionsForTeam } from './consent-version.repository.ts';
import {
  type StudyClinicRecord,
  type StudyMeasureRecord,
  type StudyRecord,
  type StudySummaryRecord,
  type StudyTeamRecord,
  deleteStudyMeasures,
  findStudyForTeam,
  insertStudy,
  listAskedMeasureIds,
  listClinicsWithParticipants,
  listResearchers,
  listStudiesForTeam,
  listStudyClinics,
  listStudyMeasures,
  listStudyTeam,
  replaceStudyClinics,
  replaceStudyTeam,
  saveStudyMeasure,
  updateStudy,
} from './study.repository.ts';

export interface StudyDeps {
  db: Database;
  clock: Clock;
}

export interface StudyDetail extends StudyRecord {
  clinics: StudyClinicRecord[];
  team: StudyTeamRecord[];
  measures: StudyMeasureRecord[];
}

/**
 * Only researchers work on studies: everyone else is turned away before any study is
 * looked up (403), and a researcher reaches only the studies they are on the team of (the
 * others are 404, as if they did not exist).
 */
export function requireResearcher(actor: StaffActor): void {
  if (!actor.roles.some((r) => r.role === 'researcher'))
    throw new AppError('forbidden', 'This needs the researcher role.');
}

export const auditStudy = (
  trx: Executor,
  deps: StudyDeps,
  actor: StaffActor,
  origin: RequestOrigin,
  action: AuditAction,
  entity: { type: AuditEntityType; id: string | null },
  details: Record<string, string | number> = {},
) =>
  recordStaffAudit(trx, deps.clock, actor, origin, {
    action,
    entityType: entity.type,
    entityId: entity.id,
    details,
  });

/** The team's study, or 404; locked for the rest of the transaction when it will change. */
export async function studyOfTeamOr404(
  trx: Executor,
  actor: StaffActor,
  studyId: string,
  options: { lock?: boolean } = {},
): Promise<StudyRecord> {
  const study = await findStudyForTeam(trx, actor, studyId, options);
  if (!study) throw notFound('Study');
  return study;
}

/** What the study form offers: clinics, researchers and instruments of the organization. */
export async function studyChoices(deps: StudyDeps, actor: StaffActor) {
  requireResearcher(actor);
  const [clinics, researchers, catalogue] = await Promise.all([
    listClinics(deps.db, actor.organizationId),
    listResearchers(deps.db, actor.organizationId),
    loadInstrumentCatalogue(deps.db, actor.organizationId),
  ]);
  return {
    clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
    researchers,
    instruments: [...catalogue.values()]
      .map((d) => ({ id: d.id, name: d.title, perspective: d.perspective }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export async function listStudies(
  deps: StudyDeps,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<StudySummaryRecord[]> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const studies = await listStudiesForTeam(trx, actor);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.list',
      { type: 'study', id: null },
      {
        count: studies.length,
      },
    );
    return studies;
  });
}

async function studyDetail(trx: Executor, study: StudyRecord): Promise<StudyDetail> {
  // One after another: a transaction is one connection.
  const clinics = await listStudyClinics(trx, study.organizationId, study.id);
  const team = await listStudyTeam(trx, study.organizationId, study.id);
  const measures = await listStudyMeasures(trx, study.organizationId, study.id);
  return { ...study, clinics, team, measures };
}

export async function readStudy(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<StudyDetail> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const detail = await studyDetail(trx, study);
    await auditStudy(trx, deps, actor, origin, 'study.read', { type: 'study', id: study.id });
    return detail;
  });
}

type StudyParts = Pick<NewStudy, 'clinics' | 'team' | 'measures' | 'therapistAllianceInstrumentId'>;

/**
 * Checks the clinics, team, measures and alliance form against the organization: clinics
 * and researchers of it, at least one senior researcher, the actor on the team (so nobody
 * locks themselves out), instruments it can score, for a respondent whose perspective fits.
 */
async function checkStudyParts(
  trx: Executor,
  actor: StaffActor,
  parts: Partial<StudyParts>,
): Promise<void> {
  const issues: AppErrorIssue[] = [];
  if (parts.clinics) {
    const known = new Set((await listClinics(trx, actor.organizationId)).map((c) => c.id));
    const seen = new Set<string>();
    parts.clinics.forEach((c, i) => {
      if (!known.has(c.clinicId))
        issues.push({ path: `body.clinics.${i}.clinicId`, message: 'is not a clinic here' });
      if (seen.has(c.clinicId))
        issues.push({ path: `body.clinics.${i}.clinicId`, message: 'is named twice' });
      seen.add(c.clinicId);
    });
  }
  if (parts.team) {
    const researchers = new Set(
      (await listResearchers(trx, actor.organizationId)).map((r) => r.id),
    );
    const seen = new Set<string>();
    parts.team.forEach((m, i) => {
      if (!researchers.has(m.staffUserId))
        issues.push({
          path: `body.team.${i}.staffUserId`,
          message: 'is not a researcher of this organization',
        });
      if (seen.has(m.staffUserId))
        issues.push({ path: `body.team.${i}.staffUserId`, message: 'is named twice' });
      seen.add(m.staffUserId);
    });
    if (!parts.team.some((m) => m.senior))
      issues.push({ path: 'body.team', message: 'needs at least one senior researcher' });
    if (!seen.has(actor.userId))
      issues.push({ path: 'body.team', message: 'must include you, or you would lose the study' });
  }
  if (parts.measures || parts.therapistAllianceInstrumentId) {
    const catalogue = await loadInstrumentCatalogue(trx, actor.organizationId);
    parts.measures?.forEach((m, i) => {
      const definition = catalogue.get(m.instrumentId);
      if (!definition)
        issues.push({
          path: `body.measures.${i}.instrumentId`,
          message: 'is not an instrument here',
        });
      else if ((definition.perspective === 'therapist') !== (m.respondent === 'therapist'))
        issues.push({
          path: `body.measures.${i}.respondent`,
          message: `${m.instrumentId} is answered by the ${definition.perspective}`,
        });
    });
    const problem = parts.measures && measuresProblem(parts.measures);
    if (problem) issues.push({ path: `body.measures.${problem.index}`, message: problem.message });
    const alliance = parts.therapistAllianceInstrumentId;
    if (alliance && catalogue.get(alliance)?.perspective !== 'therapist')
      issues.push({
        path: 'body.therapistAllianceInstrumentId',
        message: "is not a therapist's form here",
      });
  }
  if (issues.length > 0) throw badRequest('The study has fields that need fixing.', issues);
}

/**
 * Writes the measures as given: ids that exist are kept (and rewritten), new ones added,
 * missing ones removed. A measure a questionnaire request has already asked for is part of
 * the study's data and can be neither changed nor removed (409).
 */
async function saveMeasures(
  trx: Executor,
  study: StudyRecord,
  measures: NewStudy['measures'],
): Promise<void> {
  const current = await listStudyMeasures(trx, study.organizationId, study.id);
  const byId = new Map(current.map((m) => [m.id, m]));
  const asked = await listAskedMeasureIds(trx, study.organizationId, study.id);
  const keptIds = new Set(measures.flatMap((m) => (m.id ? [m.id] : [])));
  const issues: AppErrorIssue[] = [];
  measures.forEach((m, i) => {
    if (m.id && !byId.has(m.id))
      issues.push({ path: `body.measures.${i}.id`, message: 'is not a measure of this study' });
  });
  if (issues.length > 0) throw badRequest('The study has fields that need fixing.', issues);
  const removed = current.filter((m) => !keptIds.has(m.id));
  const changedAsked = measures.some((m) => {
    const before = m.id ? byId.get(m.id) : undefined;
    return (
      before !== undefined &&
      asked.has(before.id) &&
      (before.instrumentId !== m.instrumentId ||
        before.respondent !== m.respondent ||
        before.timing !== m.timing ||
        JSON.stringify(before.sessionNumbers) !== JSON.stringify(m.sessionNumbers))
    );
  });
  if (changedAsked || removed.some((m) => asked.has(m.id)))
    throw new AppError(
      'conflict',
      'A measure that participants have already been asked can no longer be changed or removed; add a new measure instead.',
    );
  await deleteStudyMeasures(
    trx,
    study.organizationId,
    study.id,
    removed.map((m) => m.id),
  );
  for (const [position, m] of measures.entries()) {
    const id = m.id ?? randomUUID();
    await saveStudyMeasure(
      trx,
      study.organizationId,
      study.id,
      {
        id,
        instrumentId: m.instrumentId,
        respondent: m.respondent,
        timing: m.timing,
        sessionNumbers: [...m.sessionNumbers].sort((a, b) => a - b),
        options: m.options,
        position,
      },
      !m.id,
    );
  }
}

export async function createStudy(
  deps: StudyDeps,
  actor: StaffActor,
  input: NewStudy,
  origin: RequestOrigin,
): Promise<StudyDetail> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    await checkStudyParts(trx, actor, input);
    const now = deps.clock().toISOString();
    const study: StudyRecord = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      title: input.title,
      protocolSummary: input.protocolSummary,
      principalInvestigator: input.principalInvestigator,
      ethicsReference: input.ethicsReference,
      ethicsApprovedOn: input.ethicsApprovedOn,
      status: 'draft',
      withdrawalPolicy: input.withdrawalPolicy,
      therapistAllianceInstrumentId: input.therapistAllianceInstrumentId,
      reconsentBelowVersion: input.reconsentBelowVersion,
      recordingRetentionDays: input.recordingRetentionDays,
      minCellSize: input.minCellSize,
      exportDates: input.exportDates,
      exportFreeText: input.exportFreeText,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await insertStudy(trx, study);
    await replaceStudyClinics(trx, study.organizationId, study.id, input.clinics);
    await replaceStudyTeam(trx, study.organizationId, study.id, input.team);
    await saveMeasures(trx, study, input.measures);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.create',
      { type: 'study', id: study.id },
      {
        clinics: input.clinics.length,
        team: input.team.length,
        measures: input.measures.length,
      },
    );
    return studyDetail(trx, study);
  });
}

export async function changeStudy(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  changes: StudyChanges,
  origin: RequestOrigin,
): Promise<StudyDetail> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const current = await studyOfTeamOr404(trx, actor, studyId, { lock: true });
    if (current.status === 'closed')
      throw new AppError('conflict', 'A closed study can no longer be changed.');
    if (changes.status && changes.status !== current.status) {
      if (!canMoveStudyStatus(current.status, changes.status))
        throw new AppError(
          'conflict',
          `A study's status moves forward only (draft → recruiting → closed); it cannot go from ${current.status} to ${changes.status}.`,
        );
    }
    await checkStudyParts(trx, actor, changes);
    const next: StudyRecord = {
      ...current,
      ...Object.fromEntries(
        Object.entries({
          title: changes.title,
          protocolSummary: changes.protocolSummary,
          principalInvestigator: changes.principalInvestigator,
          ethicsReference: changes.ethicsReference,
          ethicsApprovedOn: changes.ethicsApprovedOn,
          status: changes.status,
          withdrawalPolicy: changes.withdrawalPolicy,
          therapistAllianceInstrumentId: changes.therapistAllianceInstrumentId,
          reconsentBelowVersion: changes.reconsentBelowVersion,
          recordingRetentionDays: changes.recordingRetentionDays,
          minCellSize: changes.minCellSize,
          exportDates: changes.exportDates,
          exportFreeText: changes.exportFreeText,
        }).filter(([, v]) => v !== undefined),
      ),
      updatedAt: deps.clock().toISOString(),
    };
    if (next.status === 'recruiting' && current.status === 'draft') {
      const versions = await listConsentVersionsForTeam(trx, actor, studyId);
      const problem = recruitingProblem({ ...next, consentVersions: versions.length });
      if (problem) throw new AppError('conflict', problem);
    }
    if (changes.clinics) {
      const named = new Set(changes.clinics.map((c) => c.clinicId));
      const held = await listClinicsWithParticipants(trx, current.organizationId, studyId);
      if (held.some((id) => !named.has(id)))
        throw new AppError(
          'conflict',
          'A clinic that already has participants in the study cannot leave it.',
        );
      await replaceStudyClinics(trx, current.organizationId, studyId, changes.clinics);
    }
    if (changes.team) await replaceStudyTeam(trx, current.organizationId, studyId, changes.team);
    if (changes.measures) await saveMeasures(trx, current, changes.measures);
    await updateStudy(trx, next);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.update',
      { type: 'study', id: studyId },
      {
        fields: Object.keys(changes).sort().join(','),
        ...(next.status !== current.status ? { status: next.status } : {}),
      },
    );
    return studyDetail(trx, next);
  });
}
