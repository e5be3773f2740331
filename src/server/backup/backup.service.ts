import { closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import { AppError } from '../../core/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseTarget } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { migrations } from '../db/migrations.ts';
import {
  type BackupHeader,
  type BackupProgress,
  type OpenedBackup,
  checkBackupHash,
  extractPayload,
  openBackupFile,
  writeBackupFile,
} from './backup-file.ts';
import {
  DROP_ALL_TABLES_SQL,
  copySqliteDatabase,
  holdsData,
  inspectSqliteFile,
  listOrganizationIds,
  vacuumInto,
} from './backup.repository.ts';
import { dumpDatabase, readArchive, restoreArchive } from './postgres-tools.ts';

/** Migration names sort by date, so the last is the schema this version of Rapport writes. */
const knownMigrations = Object.keys(migrations).sort();
export const LATEST_SCHEMA = knownMigrations.at(-1)!;

/** Asked only when the backup turns out to be encrypted. */
export type AskPassphrase = () => Promise<string>;

const where = (target: DatabaseTarget) =>
  target.dialect === 'sqlite' ? target.file : 'the PostgreSQL database of DATABASE_URL';

/** A scratch directory, owner-only, removed whatever happens. */
async function withScratch<T>(near: string, work: (dir: string) => Promise<T>): Promise<T> {
  mkdirSync(near, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(near, '.rapport-backup-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Takes a consistent copy of the database while the app keeps serving and writes it as a
 * backup file at `out` (never over an existing file). Records the backup in each
 * organization's audit trail: it is a read of every clinical record.
 */
export async function createBackup(input: {
  target: DatabaseTarget;
  out: string;
  passphrase: string | undefined;
  clock: Clock;
  onProgress?: BackupProgress | undefined;
}): Promise<BackupHeader> {
  const { target, out, onProgress } = input;
  if (existsSync(out))
    throw new AppError('validation', `${out} already exists: a backup never writes over a file`);
  if (target.dialect === 'sqlite' && !existsSync(target.file))
    throw new AppError('validation', `there is no database at ${target.file}`);
  const createdAt = input.clock().toISOString();
  return withScratch(dirname(resolve(out)), async (dir) => {
    const payload = join(dir, 'payload');
    let schemaVersion: string | null;
    onProgress?.({ step: 'Copying the database' });
    if (target.dialect === 'sqlite') {
      // Opened without migrating: a backup must not change the database it copies.
      const database = openDatabase(target);
      try {
        await vacuumInto(database.db, payload);
      } finally {
        await database.close();
      }
      schemaVersion = inspectSqliteFile(payload).latestMigration;
    } else {
      await dumpDatabase(target.url, payload);
      schemaVersion = (await readArchive(payload)).migrations.sort().at(-1) ?? null;
    }
    if (!schemaVersion)
      throw new AppError(
        'validation',
        `${where(target)} has no Rapport schema: nothing to back up`,
      );
    const written = join(dir, 'backup');
    const header = await writeBackupFile({
      out: written,
      identity: {
        rapportVersion: packageJson.version,
        schemaVersion,
        dialect: target.dialect,
        payloadFormat: target.dialect === 'sqlite' ? 'sqlite3' : 'pg_dump-custom',
        createdAt,
      },
      payloadFile: payload,
      scratch: join(dir, 'encrypted'),
      passphrase: input.passphrase,
      onProgress,
    });
    // A hard link appears complete or not at all, and fails if `out` appeared meanwhile.
    linkSync(written, out);
    // Each organization's admins see in their audit trail that their records were copied.
    const database = openDatabase(target);
    try {
      for (const organizationId of await listOrganizationIds(database.db))
        await recordAudit(database.db, input.clock, {
          organizationId,
          actorType: 'cli',
          actorId: null,
          action: 'backup.create',
          entityType: 'organization',
          entityId: organizationId,
          details: {
            schemaVersion,
            encrypted: header.encryption !== null,
            bytes: header.payloadBytes,
          },
        });
    } finally {
      await database.close();
    }
    return header;
  });
}

function refuseUnknownSchema(header: BackupHeader): void {
  if (!knownMigrations.includes(header.schemaVersion))
    throw new AppError(
      'validation',
      `the backup's schema (${header.schemaVersion}) is newer than this version of Rapport knows (${LATEST_SCHEMA}): restore it with the version that made it (${header.rapportVersion}) or newer; nothing was changed`,
    );
}

/**
 * Header, hash and passphrase checks, then the payload written out in `dir` and checked by
 * its own tool (SQLite's integrity check; pg_restore reading the whole archive). Returns the
 * payload's path.
 */
async function checkAndExtract(
  file: string,
  opened: OpenedBackup,
  dir: string,
  askPassphrase: AskPassphrase,
  onProgress: BackupProgress | undefined,
): Promise<string> {
  const { header } = opened;
  refuseUnknownSchema(header);
  await checkBackupHash(file, opened, onProgress);
  const passphrase = header.encryption ? await askPassphrase() : undefined;
  const payload = join(dir, 'payload');
  await extractPayload(file, opened, payload, passphrase, onProgress);
  onProgress?.({ step: 'Checking the data' });
  let found: string | null;
  if (header.dialect === 'sqlite') {
    const inspected = inspectSqliteFile(payload);
    if (inspected.integrity !== 'ok')
      throw new AppError(
        'validation',
        `the backup is damaged: SQLite's integrity check failed; nothing was changed`,
      );
    found = inspected.latestMigration;
  } else {
    found = (await readArchive(payload)).migrations.sort().at(-1) ?? null;
  }
  if (found !== header.schemaVersion)
    throw new AppError(
      'validation',
      `the backup is damaged: its data is at schema ${found ?? '(none)'}, its header says ${header.schemaVersion}; nothing was changed`,
    );
  return payload;
}

/** Checks a backup through and through without restoring it. */
export async function verifyBackup(input: {
  file: string;
  askPassphrase: AskPassphrase;
  onProgress?: BackupProgress | undefined;
}): Promise<BackupHeader> {
  const opened = await openBackupFile(input.file);
  await withScratch(tmpdir(), (dir) =>
    checkAndExtract(input.file, opened, dir, input.askPassphrase, input.onProgress),
  );
  return opened.header;
}

/**
 * Restores a backup into the configured database, then migrates it forward when the backup
 * is older. Everything is checked before the database is touched; a database that holds data
 * is replaced only with `force`.
 */
export async function restoreBackup(input: {
  from: string;
  target: DatabaseTarget;
  force: boolean;
  askPassphrase: AskPassphrase;
  onProgress?: BackupProgress | undefined;
}): Promise<{ header: BackupHeader; migrated: string[] }> {
  const { from, target, onProgress } = input;
  const opened = await openBackupFile(from);
  const { header } = opened;
  if (header.dialect !== target.dialect)
    throw new AppError(
      'validation',
      `this is a ${header.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup and the configured database is ${target.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: restore it into the same kind of database`,
    );
  const near = target.dialect === 'sqlite' ? dirname(resolve(target.file)) : tmpdir();
  return withScratch(near, async (dir) => {
    const payload = await checkAndExtract(from, opened, dir, input.askPassphrase, onProgress);
    if (!input.force && (await targetHoldsData(target)))
      throw new AppError(
        'conflict',
        `${where(target)} already holds data: restoring would replace it (add --force to replace it); nothing was changed`,
      );
    onProgress?.({ step: 'Restoring' });
    if (target.dialect === 'sqlite') {
      // Migrated on the scratch copy first, so a failed migration leaves the target as it was.
      const copy = openDatabase({ dialect: 'sqlite', file: payload });
      let migrated: string[];
      try {
        migrated = await migrateToLatest(copy.db);
      } finally {
        await copy.close();
      }
      // Created owner-only first, as openDatabase does: the backup API would use the umask.
      if (!existsSync(target.file)) closeSync(openSync(target.file, 'a', 0o600));
      await copySqliteDatabase(payload, target.file, (done, total) =>
        onProgress?.({ step: 'Restoring', done, total }),
      );
      return { header, migrated };
    }
    await restoreArchive(target.url, payload, DROP_ALL_TABLES_SQL);
    const database = openDatabase(target);
    try {
      return { header, migrated: await migrateToLatest(database.db) };
    } finally {
      await database.close();
    }
  });
}

async function targetHoldsData(target: DatabaseTarget): Promise<boolean> {
  if (target.dialect === 'sqlite' && !existsSync(target.file)) return false;
  const database = openDatabase(target);
  try {
    return await holdsData(database.db);
  } finally {
    await database.close();
  }
}
