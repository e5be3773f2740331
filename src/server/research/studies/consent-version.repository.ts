import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { type Executor, isPostgres } from '../../db/database.ts';
import type { ConsentVersionTable } from '../../db/database-schema.ts';

export interface ConsentVersionRecord {
  id: string;
  organizationId: string;
  studyId: string;
  language: string;
  version: number;
  informationText: string;
  statements: string[];
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentVersionWithSignatures extends ConsentVersionRecord {
  /** Consent records that reference the version (any decision, any kind). */
  signatures: number;
}

const rowToConsentVersion = (row: ConsentVersionTable): ConsentVersionRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  studyId: row.study_id,
  language: row.language,
  version: row.version,
  informationText: row.information_text,
  statements: JSON.parse(row.statements) as string[],
  effectiveFrom: row.effective_from,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const consentVersionToRow = (v: ConsentVersionRecord): ConsentVersionTable => ({
  id: v.id,
  organization_id: v.organizationId,
  study_id: v.studyId,
  language: v.language,
  version: v.version,
  information_text: v.informationText,
  statements: JSON.stringify(v.statements),
  effective_from: v.effectiveFrom,
  created_by: v.createdBy,
  created_at: v.createdAt,
  updated_at: v.updatedAt,
});

/** The study's consent versions, by language then number, each with its signature count. */
export async function listConsentVersionsForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<ConsentVersionWithSignatures[]> {
  const rows = await db
    .selectFrom('consent_version')
    .selectAll('consent_version')
    .select((eb) =>
      eb
        .selectFrom('consent_record')
        .select((c) => c.fn.countAll().as('n'))
        .where('consent_record.organization_id', '=', actor.organizationId)
        .whereRef('consent_record.consent_version_id', '=', 'consent_version.id')
        .as('signatures'),
    )
    .where('consent_version.organization_id', '=', actor.organizationId)
    .where('consent_version.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('consent_version.study_id')))
    .orderBy('consent_version.language')
    .orderBy('consent_version.version')
    .execute();
  return rows.map((row) => ({
    ...rowToConsentVersion(row),
    signatures: Number(row.signatures ?? 0),
  }));
}

/**
 * A consent version of a study the actor is on the team of. With `lock` (PostgreSQL), the
 * row is locked FOR UPDATE, which waits for any transaction that is inserting a consent
 * record referencing it (the foreign key holds a KEY SHARE lock until it commits), so the
 * signature count read after it is the true one.
 */
export async function findConsentVersionForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  versionId: string,
  options: { lock?: boolean } = {},
): Promise<ConsentVersionRecord | undefined> {
  const row = await db
    .selectFrom('consent_version')
    .selectAll('consent_version')
    .where('consent_version.organization_id', '=', actor.organizationId)
    .where('consent_version.study_id', '=', studyId)
    .where('consent_version.id', '=', versionId)
    .where((eb) => studyOfTeam(actor, eb.ref('consent_version.study_id')))
    .$if(options.lock === true && isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
  return row && rowToConsentVersion(row);
}

export async function countConsentRecordsOfVersion(
  db: Executor,
  organizationId: string,
  versionId: string,
): Promise<number> {
  const row = await db
    .selectFrom('consent_record')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('consent_version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The latest version of the study in a language, or undefined when it has none yet. */
export async function findLatestConsentVersion(
  db: Executor,
  organizationId: string,
  studyId: string,
  language: string,
): Promise<ConsentVersionRecord | undefined> {
  const row = await db
    .selectFrom('consent_version')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rowToConsentVersion(row);
}

export async function insertConsentVersion(
  db: Executor,
  version: ConsentVersionRecord,
): Promise<void> {
  await db.insertInto('consent_version').values(consentVersionToRow(version)).execute();
}

/** Rewrites the text, statements and date; a signed version is refused before this runs. */
export async function updateConsentVersion(
  db: Executor,
  version: ConsentVersionRecord,
): Promise<void> {
  await db
    .updateTable('consent_version')
    .set({
      information_text: version.informationText,
      statements: JSON.stringify(version.statements),
      effective_from: version.effectiveFrom,
      updated_at: version.updatedAt,
    })
    .where('organization_id', '=', version.organizationId)
    .where('id', '=', version.id)
    .execute();
}
