import { randomUUID } from 'node:crypto';
import { AppError, badRequest, notFound } from '../../../core/app-error.ts';
import type {
  ConsentVersionChanges,
  NewConsentVersionInput,
} from '../../../core/api/research-studies.ts';
import { informationTextProblem } from '../../../core/research/study-rules.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { type Executor, inTransaction } from '../../db/database.ts';
import {
  type ConsentVersionRecord,
  type ConsentVersionWithSignatures,
  countConsentRecordsOfVersion,
  findConsentVersionForTeam,
  findLatestConsentVersion,
  insertConsentVersion,
  listConsentVersionsForTeam,
  updateConsentVersion,
} from './consent-version.repository.ts';
import {
  type StudyDeps,
  auditStudy,
  requireResearcher,
  studyOfTeamOr404,
} from './study.service.ts';

/** The answer to any change of a version that someone has signed (issue 16, item 2). */
export const SIGNED_VERSION_MESSAGE =
  'This consent version has been signed and can no longer be changed; create a new version.';

function checkInformationText(text: string): void {
  const problem = informationTextProblem(text);
  if (problem) throw badRequest(problem, [{ path: 'body.informationText', message: problem }]);
}

async function openStudy(trx: Executor, actor: StaffActor, studyId: string) {
  const study = await studyOfTeamOr404(trx, actor, studyId, { lock: true });
  if (study.status === 'closed')
    throw new AppError('conflict', 'A closed study can no longer be changed.');
  return study;
}

export async function listConsentVersions(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<ConsentVersionWithSignatures[]> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    const versions = await listConsentVersionsForTeam(trx, actor, studyId);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'consent-version.list',
      { type: 'study', id: studyId },
      { count: versions.length },
    );
    return versions;
  });
}

/**
 * A new version in a language gets the next number there and applies to consents given
 * from its effective date on; it may not take effect before the version it follows. Earlier
 * versions, and the consents given on them, are left as they are.
 */
export async function createConsentVersion(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  input: Required<NewConsentVersionInput>,
  origin: RequestOrigin,
): Promise<ConsentVersionWithSignatures> {
  requireResearcher(actor);
  checkInformationText(input.informationText);
  return inTransaction(deps.db, async (trx) => {
    // The study row's lock (PostgreSQL) keeps two new versions from taking the same number.
    const study = await openStudy(trx, actor, studyId);
    const latest = await findLatestConsentVersion(
      trx,
      study.organizationId,
      studyId,
      input.language,
    );
    if (latest && input.effectiveFrom < latest.effectiveFrom)
      throw badRequest(
        `A new version cannot take effect before version ${latest.version} (${latest.effectiveFrom}).`,
        [{ path: 'body.effectiveFrom', message: `must be on or after ${latest.effectiveFrom}` }],
      );
    const now = deps.clock().toISOString();
    const version: ConsentVersionRecord = {
      id: randomUUID(),
      organizationId: study.organizationId,
      studyId,
      language: input.language,
      version: (latest?.version ?? 0) + 1,
      informationText: input.informationText,
      statements: input.statements,
      effectiveFrom: input.effectiveFrom,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await insertConsentVersion(trx, version);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'consent-version.create',
      { type: 'consent_version', id: version.id },
      { studyId, version: version.version, statements: version.statements.length },
    );
    return { ...version, signatures: 0 };
  });
}

/**
 * Changes a version nobody has signed yet (PUT gives every field, PATCH some). Once any
 * consent record references it, the text people signed is evidence: 409, nothing changes.
 */
export async function changeConsentVersion(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  versionId: string,
  changes: ConsentVersionChanges,
  origin: RequestOrigin,
): Promise<ConsentVersionWithSignatures> {
  requireResearcher(actor);
  if (changes.informationText !== undefined) checkInformationText(changes.informationText);
  return inTransaction(deps.db, async (trx) => {
    const study = await openStudy(trx, actor, studyId);
    const current = await findConsentVersionForTeam(trx, actor, studyId, versionId, {
      lock: true,
    });
    if (!current) throw notFound('Consent version');
    const signatures = await countConsentRecordsOfVersion(trx, study.organizationId, versionId);
    if (signatures > 0) throw new AppError('conflict', SIGNED_VERSION_MESSAGE);
    const next: ConsentVersionRecord = {
      ...current,
      informationText: changes.informationText ?? current.informationText,
      statements: changes.statements ?? current.statements,
      effectiveFrom: changes.effectiveFrom ?? current.effectiveFrom,
      updatedAt: deps.clock().toISOString(),
    };
    if (next.effectiveFrom !== current.effectiveFrom && current.version > 1) {
      const versions = await listConsentVersionsForTeam(trx, actor, studyId);
      const previous = versions.find(
        (v) => v.language === current.language && v.version === current.version - 1,
      );
      if (previous && next.effectiveFrom < previous.effectiveFrom)
        throw badRequest(
          `A version cannot take effect before version ${previous.version} (${previous.effectiveFrom}).`,
          [
            {
              path: 'body.effectiveFrom',
              message: `must be on or after ${previous.effectiveFrom}`,
            },
          ],
        );
    }
    await updateConsentVersion(trx, next);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'consent-version.update',
      { type: 'consent_version', id: versionId },
      { studyId, fields: Object.keys(changes).sort().join(',') },
    );
    return { ...next, signatures: 0 };
  });
}
