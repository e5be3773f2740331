import { randomUUID } from 'node:crypto';
import { AppError, badRequest, notFound } from '../../core/app-error.ts';
import type { AuditAction } from '../../core/api/audit-vocabulary.ts';
import type { ClientChangesInput, NewClientInput } from '../../core/api/clients.ts';
import { listIntakeClinics } from '../access/intake-access.repository.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { type StaffAuditEvent, recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import {
  type ClientRecord,
  findClientForIntake,
  findDuplicateClient,
  insertClients,
  listClientsForIntake,
  clientToRow,
  updateClient,
} from './client.repository.ts';

export interface ClientDeps {
  db: Database;
  clock: Clock;
}

export interface ClientHistoryEntry {
  action: string;
  actorId: string | null;
  occurredAt: string;
  fields: string[];
}

const audit = (
  trx: Executor,
  deps: ClientDeps,
  actor: StaffActor,
  origin: RequestOrigin,
  action: AuditAction,
  entityId: string | null,
  details: Record<string, string | number>,
) =>
  recordStaffAudit(trx, deps.clock, actor, origin, {
    action,
    entityType: 'client',
    entityId,
    details,
  });

/**
 * The date of birth and birth year as stored: the year follows the date; a date in the future
 * or a year that contradicts it is refused.
 */
function birthFields(
  clock: Clock,
  dateOfBirth: string | null,
  birthYear: number | null,
): { dateOfBirth: string | null; birthYear: number | null } {
  const today = clock().toISOString().slice(0, 10);
  if (dateOfBirth && dateOfBirth > today)
    throw badRequest('The date of birth is in the future.', [
      { path: 'body.dateOfBirth', message: 'must not be in the future' },
    ]);
  if (dateOfBirth) {
    const year = Number(dateOfBirth.slice(0, 4));
    if (birthYear !== null && birthYear !== year)
      throw badRequest('The birth year does not match the date of birth.', [
        { path: 'body.birthYear', message: 'must match the date of birth' },
      ]);
    return { dateOfBirth, birthYear: year };
  }
  if (birthYear !== null && birthYear > Number(today.slice(0, 4)))
    throw badRequest('The birth year is in the future.', [
      { path: 'body.birthYear', message: 'must not be in the future' },
    ]);
  return { dateOfBirth: null, birthYear };
}

const possibleDuplicate = (id: string) =>
  new AppError(
    'conflict',
    'A client with the same name and date of birth already exists. Open that record, or send again with confirmDuplicate to add this one anyway.',
    [],
    { duplicateOf: id },
  );

/**
 * The fields whose stored value differs, by name (never their values: this is personal data).
 * A form sends every field; only the ones that really changed go into the history.
 */
const changedFields = (before: ClientRecord, after: ClientRecord): string[] =>
  (
    [
      'givenName',
      'familyName',
      'preferredName',
      'dateOfBirth',
      'birthYear',
      'email',
      'mobile',
      'preferredLanguage',
    ] as const
  ).filter((k) => before[k] !== after[k]);

export async function createClient(
  deps: ClientDeps,
  actor: StaffActor,
  input: NewClientInput,
  origin: RequestOrigin,
): Promise<ClientRecord> {
  const birth = birthFields(deps.clock, input.dateOfBirth ?? null, input.birthYear ?? null);
  return inTransaction(deps.db, async (trx) => {
    const clinics = await listIntakeClinics(trx, actor);
    if (!clinics.some((c) => c.id === input.clinicId)) throw notFound('Clinic');
    if (!input.confirmDuplicate) {
      const duplicate = await findDuplicateClient(trx, actor.organizationId, {
        givenName: input.givenName,
        familyName: input.familyName,
        ...birth,
      });
      if (duplicate) throw possibleDuplicate(duplicate);
    }
    const id = await insertRegisteredClient(
      trx,
      deps,
      actor.organizationId,
      { ...input, ...birth },
      (event) => recordStaffAudit(trx, deps.clock, actor, origin, event),
    );
    const created = await findClientForIntake(trx, actor, id);
    if (!created) throw notFound('Client');
    return created;
  });
}

/**
 * Stores a client that has passed every intake check, with its `client.create` audit row (the
 * names of the fields stored with a value, never the values), in the caller's transaction. Registering a
 * client on the page and importing one from CSV (client-import) both end here.
 */
export async function insertRegisteredClient(
  trx: Executor,
  deps: ClientDeps,
  organizationId: string,
  input: Omit<NewClientInput, 'dateOfBirth' | 'birthYear'> & {
    dateOfBirth: string | null;
    birthYear: number | null;
  },
  writeAudit: (event: StaffAuditEvent) => Promise<void>,
): Promise<string> {
  const id = randomUUID();
  await insertClients(trx, [
    clientToRow(
      {
        id,
        organizationId,
        clinicId: input.clinicId,
        givenName: input.givenName,
        familyName: input.familyName,
        preferredName: input.preferredName || null,
        dateOfBirth: input.dateOfBirth,
        birthYear: input.birthYear,
        email: input.email ?? null,
        mobile: input.mobile || null,
        preferredLanguage: input.preferredLanguage,
      },
      deps.clock().toISOString(),
    ),
  ]);
  const fields = Object.entries(input)
    .filter(
      ([k, v]) =>
        k !== 'confirmDuplicate' && k !== 'clinicId' && v !== undefined && v !== null && v !== '',
    )
    .map(([k]) => k)
    .sort();
  await writeAudit({
    action: 'client.create',
    entityType: 'client',
    entityId: id,
    details: {
      clinicId: input.clinicId,
      fields: fields.join(','),
      ...(input.confirmDuplicate ? { confirmedDuplicate: 1 } : {}),
    },
  });
  return id;
}

export async function changeClient(
  deps: ClientDeps,
  actor: StaffActor,
  clientId: string,
  input: ClientChangesInput,
  origin: RequestOrigin,
): Promise<ClientRecord> {
  return inTransaction(deps.db, async (trx) => {
    const current = await findClientForIntake(trx, actor, clientId);
    if (!current) throw notFound('Client');
    const birthChanged = input.dateOfBirth !== undefined || input.birthYear !== undefined;
    const birth = birthChanged
      ? birthFields(
          deps.clock,
          input.dateOfBirth !== undefined ? input.dateOfBirth : current.dateOfBirth,
          input.birthYear !== undefined
            ? input.birthYear
            : input.dateOfBirth !== undefined
              ? null
              : current.birthYear,
        )
      : { dateOfBirth: current.dateOfBirth, birthYear: current.birthYear };
    const givenName = input.givenName ?? current.givenName;
    const familyName = input.familyName ?? current.familyName;
    if (!input.confirmDuplicate && (birthChanged || input.givenName || input.familyName)) {
      const duplicate = await findDuplicateClient(
        trx,
        actor.organizationId,
        { givenName, familyName, ...birth },
        clientId,
      );
      if (duplicate) throw possibleDuplicate(duplicate);
    }
    await updateClient(
      trx,
      actor.organizationId,
      clientId,
      {
        ...(input.givenName !== undefined && { givenName }),
        ...(input.familyName !== undefined && { familyName }),
        ...(input.preferredName !== undefined && { preferredName: input.preferredName || null }),
        ...(birthChanged && birth),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.mobile !== undefined && { mobile: input.mobile || null }),
        ...(input.preferredLanguage !== undefined && {
          preferredLanguage: input.preferredLanguage,
        }),
      },
      deps.clock().toISOString(),
    );
    const changed = await findClientForIntake(trx, actor, clientId);
    if (!changed) throw notFound('Client');
    await audit(trx, deps, actor, origin, 'client.update', clientId, {
      fields: changedFields(current, changed).join(','),
    });
    return changed;
  });
}

/** One client with the history of their record (who changed which fields, when). */
export async function readClient(
  deps: ClientDeps,
  actor: StaffActor,
  clientId: string,
  origin: RequestOrigin,
): Promise<{ client: ClientRecord; history: ClientHistoryEntry[] }> {
  return inTransaction(deps.db, async (trx) => {
    const client = await findClientForIntake(trx, actor, clientId);
    if (!client) throw notFound('Client');
    const events = await listAuditEvents(trx, actor.organizationId, {
      entityType: 'client',
      entityId: clientId,
      limit: 100,
    });
    await audit(trx, deps, actor, origin, 'client.read', clientId, {});
    return {
      client,
      history: events
        .filter((e) => e.action === 'client.create' || e.action === 'client.update')
        .map((e) => ({
          action: e.action,
          actorId: e.actorId,
          occurredAt: e.occurredAt,
          fields:
            typeof e.details.fields === 'string' && e.details.fields
              ? e.details.fields.split(',')
              : [],
        })),
    };
  });
}

export async function listClients(
  deps: ClientDeps,
  actor: StaffActor,
  search: string | undefined,
  origin: RequestOrigin,
): Promise<ClientRecord[]> {
  return inTransaction(deps.db, async (trx) => {
    const clients = await listClientsForIntake(trx, actor, search);
    await audit(trx, deps, actor, origin, 'client.list', null, { clients: clients.length });
    return clients;
  });
}
