import { randomUUID } from 'node:crypto';
import type { ApiTokenView, IssuedApiToken } from '../../core/api/api-tokens.ts';
import { AppError, notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import { hashSecretToken, newSecretToken } from '../auth/secret-token.ts';
import { type StaffActor, adminClinicIds } from '../auth/staff-actor.ts';
import { recordAudit, recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import {
  type ApiTokenRecord,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiTokenRow,
  touchApiToken,
} from './api-token.repository.ts';

export interface ApiTokenDeps {
  db: Database;
  clock: Clock;
}

/** Tokens start with this, so a leaked one is recognisable (and a scanner can look for it). */
export const API_TOKEN_PREFIX = 'rapport_';

/** Who reads through a token: its organization, and the admin who issued it. */
export interface ApiTokenCaller {
  tokenId: string;
  organizationId: string;
  issuedBy: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function toView(record: ApiTokenRecord, now: string): ApiTokenView {
  return {
    id: record.id,
    label: record.label,
    clinics: record.clinics,
    createdBy: record.createdByName,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    lastUsedAt: record.lastUsedAt,
    status: record.revokedAt !== null ? 'revoked' : record.expiresAt <= now ? 'expired' : 'active',
  };
}

/**
 * A new read-only token for the clinics the admin runs. The token is returned this once;
 * the database keeps its SHA-256 (random 256-bit tokens need no slow hash). Audited with the
 * token's id and clinics, never the token.
 */
export async function issueApiToken(
  deps: ApiTokenDeps,
  actor: StaffActor,
  body: { label: string; expiresInDays: number },
  origin: RequestOrigin,
): Promise<IssuedApiToken> {
  const clinicIds = [...adminClinicIds(actor)].sort();
  const now = deps.clock();
  const secret = `${API_TOKEN_PREFIX}${newSecretToken()}`;
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await insertApiToken(trx, {
      id,
      organizationId: actor.organizationId,
      label: body.label,
      tokenHash: hashSecretToken(secret),
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + body.expiresInDays * DAY_MS).toISOString(),
      clinicIds,
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'api-token.issue',
      entityType: 'api_token',
      entityId: id,
      details: { clinics: clinicIds.join(','), expiresInDays: body.expiresInDays },
    });
  });
  const [record] = await listApiTokens(deps.db, actor.organizationId, clinicIds, id);
  return { token: toView(record!, now.toISOString()), secret };
}

/** The tokens of the clinics the admin runs, newest first. */
export async function listClinicApiTokens(
  deps: ApiTokenDeps,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<ApiTokenView[]> {
  const clinicIds = [...adminClinicIds(actor)];
  const records = await listApiTokens(deps.db, actor.organizationId, clinicIds);
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'api-token.list',
    entityType: 'api_token',
    entityId: null,
    details: { count: records.length },
  });
  const now = deps.clock().toISOString();
  return records.map((r) => toView(r, now));
}

/**
 * Revokes a token of a clinic the admin runs (404 for anyone else's, or another
 * organization's); revoking a revoked token changes nothing and answers it as it is.
 */
export async function revokeApiToken(
  deps: ApiTokenDeps,
  actor: StaffActor,
  tokenId: string,
  origin: RequestOrigin,
): Promise<ApiTokenView> {
  const clinicIds = [...adminClinicIds(actor)];
  const now = deps.clock().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const [record] = await listApiTokens(trx, actor.organizationId, clinicIds, tokenId);
    if (!record) throw notFound('API token');
    const revoked = await revokeApiTokenRow(trx, actor.organizationId, tokenId, actor.userId, now);
    if (revoked)
      await recordStaffAudit(trx, deps.clock, actor, origin, {
        action: 'api-token.revoke',
        entityType: 'api_token',
        entityId: tokenId,
      });
  });
  const [record] = await listApiTokens(deps.db, actor.organizationId, clinicIds, tokenId);
  return toView(record!, now);
}

/**
 * The caller a bearer token names, or 401. A revoked or expired token is refused and the
 * refusal audited (with the token's id: someone still holds it); an unknown one is refused
 * without a trace of what was sent.
 */
export async function authenticateApiToken(
  deps: ApiTokenDeps,
  presented: string,
  origin: RequestOrigin,
): Promise<ApiTokenCaller> {
  const token = await findApiTokenByHash(deps.db, hashSecretToken(presented));
  const now = deps.clock().toISOString();
  if (!token) throw new AppError('unauthorized', 'The API token is not valid.');
  const refusal =
    token.revokedAt !== null ? 'revoked' : token.expiresAt <= now ? 'expired' : undefined;
  if (refusal) {
    await recordAudit(deps.db, deps.clock, {
      organizationId: token.organizationId,
      actorType: 'system',
      actorId: token.id,
      action: 'api-token.refuse',
      entityType: 'api_token',
      entityId: token.id,
      outcome: 'denied',
      ip: origin.ip,
      requestId: origin.requestId,
      details: { reason: refusal },
    });
    throw new AppError('unauthorized', `The API token has been ${refusal}.`);
  }
  await touchApiToken(deps.db, token.organizationId, token.id, now);
  return { tokenId: token.id, organizationId: token.organizationId, issuedBy: token.createdBy };
}
