import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from './database.ts';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite files on disk', () => {
  it('are owner-only (0600): the database and its -wal and -shm, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'rapport-mode-')), 'data', 'rapport.db');
      const handle = openDatabase({ dialect: 'sqlite', file });
      await migrateToLatest(handle.db);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
      expect(mode(join(file, '..'))).toBe(0o700);
      await handle.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a database an older version left readable by others', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-mode-')), 'rapport.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const handle = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(handle.db);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await handle.close();
  });
});
