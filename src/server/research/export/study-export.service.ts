import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { AppError, notFound } from '../../../core/app-error.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import { findStudyForOperator } from '../studies/study.repository.ts';
import {
  type StudyDeps,
  auditStudy,
  requireResearcher,
  studyOfTeamOr404,
} from '../studies/study.service.ts';
import {
  type StudyExportListRow,
  insertStudyExport,
  listStudyExports,
  saveExportManifest,
  takeExportDownload,
} from './study-export.repository.ts';
import { type ExportManifest, writeStudyExport } from './study-export-writer.ts';

// A study's de-identified exports (docs/research.md, "Export"). A team member asks for an
// export and gets a download link that works once, for LINK_MINUTES; the ZIP is written
// while it downloads and never stored; its manifest is kept with the export's row, and the
// team lists every export with who, when and that manifest. The CLI writes to a file.

/** How long a download link works. Long enough to click, short enough not to linger. */
export const LINK_MINUTES = 10;

export interface StudyExportDeps extends StudyDeps {
  /** The instance secret, from which the export pseudonyms' key is derived. */
  secret: string | undefined;
}

export interface ExportLink {
  id: string;
  downloadPath: string;
  expiresAt: string;
}

const secretOf = (deps: StudyExportDeps) => {
  if (!deps.secret)
    throw new AppError('config', 'Exports need the instance secret (RAPPORT_SECRET).');
  return deps.secret;
};

const downloadPath = (studyId: string, exportId: string) =>
  `/api/research/studies/${studyId}/exports/${exportId}/download`;

/** Records an export and gives its single-use, short-lived download link. */
export async function createStudyExport(
  deps: StudyExportDeps,
  actor: StaffActor,
  studyId: string,
  input: { items: boolean },
  origin: RequestOrigin,
): Promise<ExportLink> {
  requireResearcher(actor);
  secretOf(deps);
  return inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const now = deps.clock();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000).toISOString();
    await insertStudyExport(trx, {
      id,
      organization_id: actor.organizationId,
      study_id: study.id,
      created_by: actor.userId,
      channel: 'web',
      options: JSON.stringify({ items: input.items }),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      downloaded_at: null,
      manifest: null,
    });
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study-export.create',
      {
        type: 'study_export',
        id,
      },
      { studyId: study.id },
    );
    return { id, downloadPath: downloadPath(study.id, id), expiresAt };
  });
}

/**
 * Takes the download link (once, before it expires) and writes the ZIP to `out`. The
 * download is audited before the first byte; the manifest is stored when the last is
 * written. An unknown, used or expired link is a 404 and writes nothing.
 */
export async function downloadStudyExport(
  deps: StudyExportDeps,
  actor: StaffActor,
  studyId: string,
  exportId: string,
  origin: RequestOrigin,
): Promise<{ run: (out: Writable) => Promise<ExportManifest> }> {
  requireResearcher(actor);
  const secret = secretOf(deps);
  const now = deps.clock();
  const { study, items } = await inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const taken = await takeExportDownload(trx, actor, study.id, exportId, now.toISOString());
    if (!taken)
      throw new AppError(
        'not_found',
        'This export link is not valid: it was used already, it expired, or it is not yours to open. Ask for a new export.',
      );
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study-export.download',
      {
        type: 'study_export',
        id: exportId,
      },
      { studyId: study.id },
    );
    return { study, items: (JSON.parse(taken.options) as { items: boolean }).items };
  });
  return {
    run: async (out) => {
      const manifest = await writeStudyExport(
        deps.db,
        {
          organizationId: actor.organizationId,
          study,
          exportId,
          instanceSecret: secret,
          items,
          exportedBy: { channel: 'web', staffUserId: actor.userId },
          at: now,
        },
        out,
      );
      await saveExportManifest(deps.db, actor.organizationId, exportId, JSON.stringify(manifest));
      return manifest;
    },
  };
}

export interface StudyExportView {
  id: string;
  createdBy: string | null;
  channel: 'web' | 'cli';
  createdAt: string;
  expiresAt: string;
  downloadedAt: string | null;
  manifest: ExportManifest | null;
}

/** The study's exports with their manifests, for its team (an audited read). */
export async function listExports(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<StudyExportView[]> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const rows: StudyExportListRow[] = await listStudyExports(trx, actor, study.id);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study-export.list',
      { type: 'study', id: study.id },
      {
        count: rows.length,
      },
    );
    return rows.map((r) => ({
      ...r,
      manifest: r.manifest === null ? null : (JSON.parse(r.manifest) as ExportManifest),
    }));
  });
}

/**
 * `rapport export study <id> --out F`: the operator's export, from the machine itself (no
 * staff user; the audit row's actor is the CLI). Recorded and listed like any other.
 */
export async function exportStudyToStream(
  db: Database,
  clock: Clock,
  secret: string,
  studyId: string,
  options: { items: boolean },
  out: Writable,
): Promise<ExportManifest> {
  const now = clock();
  const id = randomUUID();
  const study = await inTransaction(db, async (trx) => {
    const study = await findStudyForOperator(trx, studyId);
    if (!study) throw notFound('Study');
    await insertStudyExport(trx, {
      id,
      organization_id: study.organizationId,
      study_id: study.id,
      created_by: null,
      channel: 'cli',
      options: JSON.stringify(options),
      created_at: now.toISOString(),
      expires_at: now.toISOString(),
      downloaded_at: now.toISOString(),
      manifest: null,
    });
    await recordAudit(trx, clock, {
      organizationId: study.organizationId,
      actorType: 'cli',
      actorId: null,
      action: 'study-export.write',
      entityType: 'study_export',
      entityId: id,
      details: { studyId: study.id },
    });
    return study;
  });
  const manifest = await writeStudyExport(
    db,
    {
      organizationId: study.organizationId,
      study,
      exportId: id,
      instanceSecret: secret,
      items: options.items,
      exportedBy: { channel: 'cli', staffUserId: null },
      at: now,
    },
    out,
  );
  await saveExportManifest(db, study.organizationId, id, JSON.stringify(manifest));
  return manifest;
}
