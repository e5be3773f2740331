import { AppError, notFound } from '../../core/app-error.ts';
import type { ClientImportReport } from '../../core/api/client-import.ts';
import { type ImportProblem, readClientImportCsv } from '../../core/intake/client-import-csv.ts';
import { type ClientImportPlan, planClientImport } from '../../core/intake/plan-client-import.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import { type StaffActor, adminClinicIds } from '../auth/staff-actor.ts';
import { type StaffAuditEvent, recordAudit, recordStaffAudit } from '../audit/audit.service.ts';
import { insertOpenedCase } from '../cases/case-management.service.ts';
import { findClient, findDuplicateClient } from '../clients/client.repository.ts';
import { insertRegisteredClient } from '../clients/client.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import { findIntakeSettings } from '../organizations/clinic-intake-settings.repository.ts';
import { findClinicByIdOrName } from '../organizations/organization.repository.ts';
import { listActiveCasesOfClients, listClinicTherapistEmails } from './client-import.repository.ts';

/**
 * Importing clients and their cases from CSV (docs/starting-a-practice.md, "Importing clients")
 * into one clinic: every row is checked first (src/core/intake), and only a file without a
 * single problem is stored, in one transaction, through the same writers as the intake pages
 * (insertRegisteredClient, insertOpenedCase), so each client and case gets the rows and the
 * audit events the pages would have given it.
 *
 * Already imported: a person is recognised by name (ignoring case) and date of birth (or birth
 * year), the rule behind intake's duplicate warning; a case by its clinic, its case type and
 * exactly the same members among the clinic's open cases. Both are reported as present and
 * skipped, so importing the same file twice creates nothing the second time.
 */

export interface ClientImportDeps {
  db: Database;
  clock: Clock;
}

export type ImportProgress = (event: { step: string; done?: number; total?: number }) => void;

interface ImportScope {
  organizationId: string;
  clinicId: string;
  dryRun: boolean;
  writeAudit: (trx: Executor, event: StaffAuditEvent) => Promise<void>;
  onProgress?: ImportProgress | undefined;
}

/** A file with problems: nothing was stored. Each problem is an issue `line N, column`. */
const importRefused = (problems: ImportProblem[]) =>
  new AppError(
    'validation',
    `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`,
    problems.map((p) => ({
      path: p.line > 0 ? `line ${p.line}${p.field ? `, ${p.field}` : ''}` : 'file',
      message: p.reason,
    })),
  );

async function runImport(
  trx: Executor,
  deps: ClientImportDeps,
  scope: ImportScope,
  csv: string,
): Promise<ClientImportReport> {
  const report = (problems: ImportProblem[], rows: number): ClientImportReport => ({
    dryRun: scope.dryRun,
    valid: problems.length === 0,
    problems,
    rows,
    clients: { new: 0, present: 0 },
    cases: { new: 0, present: 0 },
    caseList: [],
  });
  scope.onProgress?.({ step: 'Checking the file' });
  const read = readClientImportCsv(csv);
  if (!read.ok) return report(read.problems, 0);
  const settings = await findIntakeSettings(trx, scope.organizationId, scope.clinicId);
  const therapists = await listClinicTherapistEmails(trx, scope.organizationId, scope.clinicId);
  const planned = planClientImport(read.rows, {
    caseTypes: settings.caseTypes,
    presentingConcerns: settings.presentingConcerns,
    therapists,
    today: deps.clock().toISOString().slice(0, 10),
  });
  if (!planned.ok) return report(planned.problems, read.rows.length);
  const { plan } = planned;

  // Who is already a client: at this clinic they are reused; at another, the file is refused
  // (as the page would warn of a duplicate), since an import cannot confirm it is someone else.
  const existing = new Map<string, string>();
  const problems: ImportProblem[] = [];
  for (const [i, person] of plan.people.entries()) {
    scope.onProgress?.({
      step: 'Looking for clients already present',
      done: i,
      total: plan.people.length,
    });
    const id = await findDuplicateClient(trx, scope.organizationId, person);
    if (!id) continue;
    const client = await findClient(trx, scope.organizationId, id);
    if (client?.clinicId === scope.clinicId) existing.set(person.key, id);
    else
      problems.push({
        line: person.line,
        field: 'given_name',
        reason:
          'a client with this name and date of birth is registered at another clinic of the organization',
      });
  }
  if (problems.length > 0) return report(problems, read.rows.length);
  const openCases = await listActiveCasesOfClients(trx, scope.organizationId, scope.clinicId, [
    ...existing.values(),
  ]);
  const sameMembers = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((id) => b.includes(id));
  const caseIsPresent = (c: ClientImportPlan['cases'][number]) => {
    const ids = c.members.map((m) => existing.get(m.personKey));
    if (ids.some((id) => id === undefined)) return false;
    return openCases.some(
      (open) => open.caseType === c.caseType.code && sameMembers(open.clientIds, ids as string[]),
    );
  };

  const emailOf = new Map(therapists.map((t) => [t.staffUserId, t.email]));
  const personOf = new Map(plan.people.map((p) => [p.key, p]));
  const result: ClientImportReport = {
    ...report([], read.rows.length),
    caseList: plan.cases.map((c) => ({
      key: c.key,
      line: c.line,
      caseType: c.caseType.code,
      startDate: c.startDate,
      therapistEmails: c.therapistIds.map((id) => emailOf.get(id) ?? ''),
      outcome: caseIsPresent(c) ? 'present' : 'new',
      members: c.members.map((m) => {
        const p = personOf.get(m.personKey)!;
        return {
          line: m.line,
          givenName: p.givenName,
          familyName: p.familyName,
          dateOfBirth: p.dateOfBirth,
          birthYear: p.birthYear,
          relation: m.relation,
          outcome: existing.has(m.personKey) ? ('present' as const) : ('new' as const),
        };
      }),
    })),
  };
  result.clients = {
    new: plan.people.length - existing.size,
    present: existing.size,
  };
  const casesNew = result.caseList.filter((c) => c.outcome === 'new').length;
  result.cases = { new: casesNew, present: plan.cases.length - casesNew };

  if (!scope.dryRun) {
    const audit = (event: StaffAuditEvent) => scope.writeAudit(trx, event);
    const ids = new Map(existing);
    for (const [i, person] of plan.people.entries()) {
      scope.onProgress?.({ step: 'Registering clients', done: i, total: plan.people.length });
      if (ids.has(person.key)) continue;
      ids.set(
        person.key,
        await insertRegisteredClient(
          trx,
          deps,
          scope.organizationId,
          {
            clinicId: scope.clinicId,
            givenName: person.givenName,
            familyName: person.familyName,
            preferredName: person.preferredName,
            dateOfBirth: person.dateOfBirth,
            birthYear: person.birthYear,
            email: person.email,
            mobile: person.mobile,
            preferredLanguage: person.preferredLanguage,
          },
          audit,
        ),
      );
    }
    for (const [i, c] of plan.cases.entries()) {
      scope.onProgress?.({ step: 'Opening cases', done: i, total: plan.cases.length });
      if (result.caseList[i]!.outcome === 'present') continue;
      await insertOpenedCase(
        trx,
        scope.organizationId,
        {
          clinicId: scope.clinicId,
          caseType: c.caseType,
          presentingConcerns: c.presentingConcerns,
          members: c.members.map((m) => ({
            clientId: ids.get(m.personKey)!,
            relation: m.relation,
            guardianName: m.guardianName,
            guardianContact: m.guardianContact,
          })),
          therapistIds: c.therapistIds,
          startDate: c.startDate,
        },
        audit,
      );
    }
  }
  await scope.writeAudit(trx, {
    action: scope.dryRun ? 'client-import.preview' : 'client-import.run',
    entityType: 'clinic',
    entityId: scope.clinicId,
    details: {
      rows: result.rows,
      clientsNew: result.clients.new,
      clientsPresent: result.clients.present,
      casesNew: result.cases.new,
      casesPresent: result.cases.present,
    },
  });
  return result;
}

/** An admin of the clinic, over HTTP; an admin of another clinic learns nothing of it (404). */
async function runAsAdmin(
  deps: ClientImportDeps,
  actor: StaffActor,
  clinicId: string,
  csv: string,
  origin: RequestOrigin,
  dryRun: boolean,
): Promise<ClientImportReport> {
  if (!adminClinicIds(actor).has(clinicId)) throw notFound('Clinic');
  return inTransaction(deps.db, async (trx) => {
    const [clinic] = await findClinicByIdOrName(trx, clinicId, actor.organizationId);
    if (clinic?.id !== clinicId) throw notFound('Clinic');
    const result = await runImport(
      trx,
      deps,
      {
        organizationId: actor.organizationId,
        clinicId,
        dryRun,
        writeAudit: (t, event) => recordStaffAudit(t, deps.clock, actor, origin, event),
      },
      csv,
    );
    if (!dryRun && !result.valid) throw importRefused(result.problems);
    return result;
  });
}

/** What importing the file would create, or its problems (nothing is stored but the audit row). */
export const previewClientImport = (
  deps: ClientImportDeps,
  actor: StaffActor,
  clinicId: string,
  csv: string,
  origin: RequestOrigin,
) => runAsAdmin(deps, actor, clinicId, csv, origin, true);

/** Imports the file whole, or (400, with every problem) nothing at all. */
export const confirmClientImport = (
  deps: ClientImportDeps,
  actor: StaffActor,
  clinicId: string,
  csv: string,
  origin: RequestOrigin,
) => runAsAdmin(deps, actor, clinicId, csv, origin, false);

/**
 * `rapport clients import`: the operator on the server, into the clinic named by id or exact
 * name; audited as the command line. A file with problems throws with every problem listed.
 */
export async function importClientsFromCli(
  deps: ClientImportDeps,
  input: { clinic: string; csv: string; dryRun: boolean },
  onProgress?: ImportProgress,
): Promise<ClientImportReport> {
  return inTransaction(deps.db, async (trx) => {
    const clinics = await findClinicByIdOrName(trx, input.clinic);
    if (clinics.length === 0)
      throw new AppError('not_found', `no clinic "${input.clinic}": give its id or exact name`);
    if (clinics.length > 1)
      throw new AppError(
        'validation',
        `more than one clinic is named "${input.clinic}": give its id`,
      );
    const clinic = clinics[0]!;
    const result = await runImport(
      trx,
      deps,
      {
        organizationId: clinic.organizationId,
        clinicId: clinic.id,
        dryRun: input.dryRun,
        onProgress,
        writeAudit: (t, event) =>
          recordAudit(t, deps.clock, {
            organizationId: clinic.organizationId,
            actorType: 'cli',
            actorId: null,
            ...event,
          }),
      },
      input.csv,
    );
    if (!result.valid) throw importRefused(result.problems);
    return result;
  });
}
