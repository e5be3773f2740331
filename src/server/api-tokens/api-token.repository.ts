import type { Executor } from '../db/database.ts';

/** A token as the admin page shows it (never its hash). */
export interface ApiTokenRecord {
  id: string;
  organizationId: string;
  label: string;
  clinics: { id: string; name: string }[];
  createdBy: string;
  createdByName: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewApiToken {
  id: string;
  organizationId: string;
  label: string;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  clinicIds: readonly string[];
}

export async function insertApiToken(db: Executor, token: NewApiToken): Promise<void> {
  await db
    .insertInto('api_token')
    .values({
      id: token.id,
      organization_id: token.organizationId,
      label: token.label,
      token_hash: token.tokenHash,
      created_by: token.createdBy,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
    })
    .execute();
  await db
    .insertInto('api_token_clinic')
    .values(
      token.clinicIds.map((clinicId) => ({
        token_id: token.id,
        organization_id: token.organizationId,
        clinic_id: clinicId,
      })),
    )
    .execute();
}

/**
 * The organization's tokens that reach at least one of the given clinics (an admin sees and
 * revokes the tokens of the clinics they run), newest first; `tokenId` narrows to one.
 */
export async function listApiTokens(
  db: Executor,
  organizationId: string,
  clinicIds: readonly string[],
  tokenId?: string,
): Promise<ApiTokenRecord[]> {
  if (clinicIds.length === 0) return [];
  let query = db
    .selectFrom('api_token as t')
    .innerJoin('staff_user as u', (join) =>
      join.onRef('u.id', '=', 't.created_by').onRef('u.organization_id', '=', 't.organization_id'),
    )
    .select([
      't.id',
      't.organization_id',
      't.label',
      't.created_by',
      'u.display_name',
      't.created_at',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
    ])
    .where('t.organization_id', '=', organizationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('api_token_clinic as tc')
          .select('tc.token_id')
          .whereRef('tc.token_id', '=', 't.id')
          .where('tc.organization_id', '=', organizationId)
          .where('tc.clinic_id', 'in', [...clinicIds]),
      ),
    );
  if (tokenId !== undefined) query = query.where('t.id', '=', tokenId);
  const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id').execute();
  if (rows.length === 0) return [];
  const clinicRows = await db
    .selectFrom('api_token_clinic as tc')
    .innerJoin('clinic as c', (join) =>
      join.onRef('c.id', '=', 'tc.clinic_id').onRef('c.organization_id', '=', 'tc.organization_id'),
    )
    .select(['tc.token_id', 'c.id', 'c.name'])
    .where('tc.organization_id', '=', organizationId)
    .where(
      'tc.token_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('c.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    label: row.label,
    clinics: clinicRows
      .filter((c) => c.token_id === row.id)
      .map((c) => ({ id: c.id, name: c.name })),
    createdBy: row.created_by,
    createdByName: row.display_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }));
}

/** Revokes a token still live; false when it was already revoked. */
export async function revokeApiTokenRow(
  db: Executor,
  organizationId: string,
  tokenId: string,
  revokedBy: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: at, revoked_by: revokedBy })
    .where('organization_id', '=', organizationId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What a presented token's hash finds: the row's id and why it may or may not be used. */
export interface PresentedApiToken {
  id: string;
  organizationId: string;
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
}

export async function findApiTokenByHash(
  db: Executor,
  tokenHash: string,
): Promise<PresentedApiToken | undefined> {
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'organization_id', 'created_by', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      createdBy: row.created_by,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
    }
  );
}

export async function touchApiToken(
  db: Executor,
  organizationId: string,
  tokenId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', tokenId)
    .execute();
}
