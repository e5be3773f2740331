import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { compiledOnce } from './compiled-once.ts';
import type { DatabaseHandle } from './database.ts';

describe.each(testDialects)('a query compiled once, on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it("binds each call's own arguments, with the query's constants kept", async () => {
    const organizations = compiledOnce((db, name: string, slug: string) =>
      db
        .selectNoFrom([
          sql<string>`${name}`.as('name'),
          sql<string>`${'constant'}`.as('constant'),
          sql<string>`${slug}`.as('slug'),
        ])
        .where(sql<boolean>`${name} <> ${'nobody'}`),
    );
    expect(await organizations(handle.db, 'a', 'b')).toEqual([
      { name: 'a', constant: 'constant', slug: 'b' },
    ]);
    expect(await organizations(handle.db, 'c', 'd')).toEqual([
      { name: 'c', constant: 'constant', slug: 'd' },
    ]);
    expect(await organizations(handle.db, 'nobody', 'd')).toEqual([]);
  });

  it('refuses a query that does not bind an argument, at its first call', async () => {
    const inlined = compiledOnce((db, name: string) =>
      db.selectNoFrom(sql<string>`${sql.lit(name)}`.as('name')),
    );
    await expect(inlined(handle.db, 'a')).rejects.toThrow(/bound value/);
  });
});
