import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { planAlertChanges } from '../../core/alerts/plan-alert-changes.ts';
import { analyseCase } from '../../core/alliance/analyse-case.ts';
import {
  type AllianceRuleParameters,
  resolveAllianceRuleParameters,
} from '../../core/alliance/alliance-rule-parameters.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import type { PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { createSeededRandom } from '../../core/random/seeded-random.ts';
import { enqueueUrgentAlertMails } from '../alerts/alert-jobs.ts';
import {
  addRiskItemAnswer,
  buildAllianceCaseHistory,
} from '../alerts/build-alliance-case-history.ts';
import { newAlertRow } from '../alerts/recompute-case-alerts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { setPasswordHashForOrganization } from '../auth/credential.repository.ts';
import { hashPassword } from '../auth/password-hashing.ts';
import { caseToRow } from '../cases/case.repository.ts';
import { clientToRow } from '../clients/client.repository.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type { AlertTable, QuestionnaireResponseTable } from '../db/database-schema.ts';
import { insertInterpreter } from '../interpreters/interpreter.repository.ts';
import {
  type Organization,
  findOrganizationBySlug,
  insertClinic,
  insertOrganization,
} from '../organizations/organization.repository.ts';
import { sessionToRow } from '../sessions/session.repository.ts';
import { insertStaffRole, insertStaffUser, insertSupervision } from '../staff/staff.repository.ts';
import { insertMeasurementPlan } from '../measurement/measurement-plan.repository.ts';
import { hashQuestionnaireToken, questionnaireToken } from '../measurement/questionnaire-link.ts';
import { listOpenRequests, requestToRow } from '../measurement/questionnaire-request.repository.ts';
import {
  type ScorePoint,
  scoreRowToPoint,
} from '../measurement/questionnaire-response.repository.ts';
import { responseRows } from '../measurement/response-rows.ts';
import { CASE_ID_OFFSETS, caseOrdinal, demoId } from './demo-id.ts';
import { findOpenDemoInvitation, seedDemoStudy } from './demo-study-seed.repository.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import {
  DEMO_BULK_TABLES,
  type DemoBulkRows,
  beginBulkSeed,
  copyScratchRows,
  endBulkSeed,
  insertDemoRows,
  canSeedWithWorker,
} from './demo-seed.repository.ts';
import {
  DEMO_RISK_CASES,
  type DemoMeasurementState,
  generateCaseMeasurements,
} from './generate-demo-measurements.ts';
import type { DemoCase, DemoPractice } from './generate-demo-practice.ts';

/** What a seed wrote, counted. */
export interface DemoCounts {
  clients: number;
  cases: number;
  sessions: number;
  requests: number;
  responses: number;
  /** Alerts found while seeding (every case analysed; none when `findAlerts` is false). */
  alerts: number;
}

export const noDemoCounts: Readonly<DemoCounts> = {
  clients: 0,
  cases: 0,
  sessions: 0,
  requests: 0,
  responses: 0,
  alerts: 0,
};

/** Adds `more` to `counts`. */
export function addDemoCounts(counts: DemoCounts, more: DemoCounts): void {
  for (const key of Object.keys(counts) as (keyof DemoCounts)[]) counts[key] += more[key];
}

export interface SeedResult extends DemoCounts {
  organization: Organization;
  reused: boolean;
  /** Open requests of the latest sessions (a few), whose links `rapport demo` prints. */
  openRequests: { requestId: string; caseId: string }[];
  /** The founding study's open consent invitation (its link is printed), if there is one. */
  openConsentInvitationId: string | null;
}

/**
 * Writes a generated practice, or reuses it when an organization with its slug is already
 * there (so `npm run demo` twice keeps what you did the first time).
 */
export async function seedDemoPractice(
  db: Database,
  clock: Clock,
  practice: DemoPractice,
  options: {
    secret?: string;
    seed?: string;
    anchor?: Date;
    /** Find every case's alerts while seeding (default), as `recomputeAlerts` would after. */
    findAlerts?: boolean;
    /**
     * SQLite only: a worker thread generates the practice again from `practice.options`,
     * keeps the cases of the last `share` (0–1) of the clients and binds their rows into
     * `scratchFile` (deleted afterwards) while this thread writes the others; the seed then
     * copies the worker's rows in. The same rows as without it (tested): a second core for a
     * big practice.
     */
    worker?: { share: number; scratchFile: string };
    /** Called as clients' rows are written (the CLI draws a progress line from it). */
    onProgress?: (clientsWritten: number, clients: number) => void;
  } = {},
): Promise<SeedResult> {
  const existing = await findOrganizationBySlug(db, practice.organization.slug);
  // A reused practice prints links too: those of its requests still open (a week after the
  // practice's "today" they have expired, as real links do).
  if (existing)
    return {
      organization: existing,
      reused: true,
      ...noDemoCounts,
      openRequests: await listOpenRequests(db, existing.id, clock().toISOString(), 5),
      openConsentInvitationId: await findOpenDemoInvitation(db, existing.id, clock().toISOString()),
    };
  const planEntries = defaultMeasurementPlanEntries();
  // The engine runs on each case's rows as they are written: both databases store scores as
  // doubles (migration 2026-12-01-score-precision), so the rows read back are the same numbers.
  const alertsInMemory = options.findAlerts !== false;
  const rowOptions = {
    seed: options.seed ?? practice.organization.slug,
    anchor: options.anchor ?? clock(),
    ...(options.secret !== undefined && { secret: options.secret }),
    ...(alertsInMemory && { alertsAt: clock().toISOString() }),
  };
  const planIds = createSeededRandom(`${rowOptions.seed}:plans`);
  const openRequests: SeedResult['openRequests'] = [];

  const now = practice.organization.createdAt;
  // One argon2 hash for every demo account (they share the printed password): hashing each
  // would cost ~20 × 50 ms for nothing, whatever --clients says.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const clients = practice.options.clients;
  const split =
    options.worker && canSeedWithWorker(db)
      ? Math.round(clients * (1 - Math.min(1, Math.max(0, options.worker.share))))
      : clients;
  const scratchFiles = split < clients ? [options.worker!.scratchFile] : [];
  removeScratchFiles(scratchFiles);
  const bulk = await beginBulkSeed(db, scratchFiles);
  let totals: DemoCounts;
  let openConsentInvitationId: string | null = null;
  const jobs: ReturnType<typeof startDemoRowsWorker>[] = [];
  try {
    // The worker starts before the transaction, so its generating overlaps everything below.
    for (const scratchFile of scratchFiles)
      jobs.push(
        startDemoRowsWorker({
          practice: { ...practice.options, anchor: practice.options.anchor.toISOString() },
          planEntries,
          rows: { ...rowOptions, anchor: rowOptions.anchor.toISOString() },
          clientRange: { from: split, to: Infinity },
          scratchFile,
        }),
      );
    // One transaction: an interrupted seed leaves nothing behind that the next run would reuse.
    totals = await inTransaction(db, async (trx) => {
      await insertOrganization(trx, practice.organization);
      for (const clinic of practice.clinics) await insertClinic(trx, clinic, now);
      for (const person of practice.staff) {
        await insertStaffUser(trx, person, now);
        for (const role of person.roles)
          await insertStaffRole(trx, person.organizationId, person.id, role);
      }
      await setPasswordHashForOrganization(trx, practice.organization.id, passwordHash);
      for (const person of practice.staff) {
        for (const supervisee of person.supervises)
          await insertSupervision(trx, person.organizationId, person.id, supervisee);
      }
      for (const interpreter of practice.interpreters) {
        await insertInterpreter(
          trx,
          { ...interpreter, organizationId: practice.organization.id, briefingAcknowledgedAt: now },
          now,
        );
      }

      // Every clinic runs the default plan, in force since before the first demo session.
      for (const [index, clinic] of practice.clinics.entries()) {
        await insertMeasurementPlan(
          trx,
          {
            id: demoId(planIds, index),
            organizationId: practice.organization.id,
            clinicId: clinic.id,
            caseType: null,
            name: 'Default plan',
            entries: planEntries,
            effectiveFrom: now,
            createdBy: null,
          },
          now,
        );
      }

      const counts = { ...noDemoCounts };
      const add = async (batch: DemoRowsResult) => {
        for (const { alertId, therapistIds } of batch.urgentAlerts)
          await enqueueUrgentAlertMails(
            trx,
            clock,
            practice.organization.id,
            alertId,
            therapistIds,
          );
        addDemoCounts(counts, batch.counts);
        openRequests.push(...batch.openRequests.slice(0, 5 - openRequests.length));
        options.onProgress?.(counts.clients, clients);
      };
      const ownShare = { ...rowOptions, clientRange: { from: 0, to: split } };
      for (const batch of demoPracticeRows(practice, planEntries, ownShare)) {
        for (const table of DEMO_BULK_TABLES) await insertDemoRows(trx, table, batch.rows[table]);
        await add(batch);
      }
      // The worker's clients come after ours, so every table's ids keep ascending (demo-id.ts).
      for (const [index, job] of jobs.entries()) {
        const result = await job.result;
        await copyScratchRows(trx, index);
        await add(result);
      }

      // The founding study, on the cases just written (demo-study-seed.repository.ts).
      const study = await seedDemoStudy(trx, clock, practice, {
        seed: rowOptions.seed,
        ...(options.secret !== undefined && { secret: options.secret }),
      });
      openConsentInvitationId = study?.openInvitationId ?? null;

      await recordAudit(trx, clock, {
        organizationId: practice.organization.id,
        actorType: 'cli',
        actorId: null,
        action: 'demo.seed',
        entityType: 'organization',
        entityId: practice.organization.id,
        details: { ...counts },
      });
      return counts;
    });
  } finally {
    await Promise.all(jobs.map((job) => job.stop()));
    await endBulkSeed(db, bulk);
    removeScratchFiles(scratchFiles);
  }
  return {
    organization: practice.organization,
    reused: false,
    ...totals,
    openRequests,
    openConsentInvitationId,
  };
}

/** What a demo worker thread is given (demo-rows.worker.ts): plain data, dates as ISO text. */
export interface DemoRowsJob {
  practice: Omit<DemoPractice['options'], 'anchor'> & { anchor: string };
  planEntries: readonly PlanEntry[];
  rows: { seed: string; anchor: string; secret?: string; alertsAt?: string };
  clientRange: { from: number; to: number };
  scratchFile: string;
}

/** What it sends back once its rows are in its scratch file. */
export type DemoRowsResult = Omit<DemoRowBatch, 'rows'>;

/**
 * Runs demo-rows.worker.ts. Compiled (esbuild.config.js), this code sits in
 * dist/server/chunks/ and the worker is its own entry one folder up. From the TypeScript
 * sources (tests, or bin/rapport.js's tsx fallback) a worker thread starts without its
 * parent's loader, so it registers tsx first.
 */
function startDemoRowsWorker(job: DemoRowsJob): {
  result: Promise<DemoRowsResult>;
  stop(): Promise<void>;
} {
  let worker: Worker;
  if (import.meta.url.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./demo-rows.worker.ts', import.meta.url).href;
    worker = new Worker(
      `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true, workerData: job },
    );
  } else {
    worker = new Worker(new URL('../demo-rows.worker.js', import.meta.url), { workerData: job });
  }
  const result = new Promise<DemoRowsResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`demo worker stopped (exit code ${code})`)));
  });
  // Awaited in order by the seed; a later worker's failure must not go unhandled meanwhile.
  result.catch(() => undefined);
  return { result, stop: async () => void (await worker.terminate()) };
}

// A scratch file may get an (empty) journal from being attached while the worker writes it.
const removeScratchFiles = (files: readonly string[]) => {
  for (const file of files)
    for (const path of [file, `${file}-journal`]) rmSync(path, { force: true });
};

export interface DemoRowBatch {
  rows: DemoBulkRows;
  counts: DemoCounts;
  openRequests: SeedResult['openRequests'];
  /** New open urgent alerts: each queues a mail per therapist, as the recompute does. */
  urgentAlerts: { alertId: string; therapistIds: string[] }[];
}

// Answers outnumber everything else (~10 score rows per session): a batch ends at this many
// score rows, so memory stays flat whatever --clients says.
const SCORES_PER_BATCH = 20_000;
const CASES_PER_BATCH = 2_000;

/**
 * The practice's case rows (clients, cases, sessions, requests, answers and scores), batch by
 * batch, generated lazily: what the seed writes, and what the benchmark's baseline writes with
 * raw statements. Deterministic: ids come from seeded streams (see demo-id.ts), and each
 * response is scored by the real `scoreResponse` and stored by the real `responseRows`.
 */
export function* demoPracticeRows(
  practice: DemoPractice,
  planEntries: readonly PlanEntry[],
  options: {
    seed: string;
    anchor: Date;
    secret?: string;
    alertsAt?: string;
    /** Only the cases whose first client's index is in [from, to) (one thread's share). */
    clientRange?: { from: number; to: number };
  },
): Generator<DemoRowBatch> {
  const state: DemoMeasurementState = { riskCases: 0 };
  // A new organization has no clinic overrides yet: every case runs on the defaults.
  const parameters = resolveAllianceRuleParameters({});
  const orgId = practice.organization.id;
  const emptyBatch = (): DemoRowBatch => ({
    rows: {
      client: [],
      care_case: [],
      case_member: [],
      case_therapist: [],
      therapy_session: [],
      questionnaire_request: [],
      questionnaire_response: [],
      score: [],
      alert: [],
    },
    counts: { ...noDemoCounts },
    openRequests: [],
    urgentAlerts: [],
  });
  let batch = emptyBatch();
  let clientIndex = 0;
  for (const demoCase of practice.cases()) {
    const firstClient = clientIndex;
    clientIndex += demoCase.clients.length;
    const range = options.clientRange;
    if (range && (firstClient < range.from || firstClient >= range.to)) {
      // The other thread's case: only the practice-wide state (risk answers so far) moves on.
      if (state.riskCases < DEMO_RISK_CASES)
        generateCaseMeasurements(demoCase, planEntries, { ...options, state });
      continue;
    }
    const { rows, counts } = batch;
    const caseId = demoCase.careCase.id;
    for (const c of demoCase.clients) rows.client.push(clientToRow(c, demoCase.careCase.openedAt));
    rows.care_case.push(caseToRow(demoCase.careCase));
    for (const m of demoCase.members)
      rows.case_member.push({
        organization_id: orgId,
        case_id: caseId,
        client_id: m.clientId,
        relationship: m.relationship,
      });
    rows.case_therapist.push({
      organization_id: orgId,
      case_id: caseId,
      staff_user_id: demoCase.therapistId,
      is_primary: 1,
    });
    for (const s of demoCase.sessions) rows.therapy_session.push(sessionToRow(s, s.startsAt));
    counts.clients += demoCase.clients.length;
    counts.cases += 1;
    counts.sessions += demoCase.sessions.length;

    const measured = generateCaseMeasurements(demoCase, planEntries, { ...options, state });
    const sessionNumbers = new Map(demoCase.sessions.map((s) => [s.id, s.number]));
    const idRandom = createSeededRandom(`${options.seed}:answer-ids:${caseId}`);
    let answerIds = 0;
    const newId = () =>
      demoId(idRandom, caseOrdinal(demoCase.caseNumber, CASE_ID_OFFSETS.answers, answerIds++));
    const caseScores: ScorePoint[] = [];
    const caseResponses: QuestionnaireResponseTable[] = [];
    for (const { request, answers } of measured.requests) {
      // Only a client's open request needs a working link (the others' are long dead; a
      // therapist answers in the staff app, under "My forms").
      const open =
        request.status === 'open' &&
        request.respondentKind === 'client' &&
        options.secret !== undefined;
      rows.questionnaire_request.push(
        requestToRow(
          request,
          open ? hashQuestionnaireToken(questionnaireToken(options.secret!, request.id)) : null,
        ),
      );
      if (open) batch.openRequests.push({ requestId: request.id, caseId });
      for (const [instrumentId, answered] of answers) {
        const made = responseRows({
          request,
          sessionNumber: sessionNumbers.get(request.sessionId)!,
          definition: findBundledInstrument(instrumentId)!,
          answers: answered.answers,
          score: answered.score,
          submissionId: newId(),
          at: request.completedAt!,
          newId,
        });
        rows.questionnaire_response.push(made.response);
        for (const score of made.scores) rows.score.push(score);
        if (options.alertsAt !== undefined) {
          caseResponses.push(made.response);
          for (const score of made.scores) caseScores.push(scoreRowToPoint(score));
        }
      }
      counts.requests += 1;
      counts.responses += answers.size;
    }
    if (options.alertsAt !== undefined) {
      const found = newCaseAlerts(demoCase, caseScores, caseResponses, {
        seed: options.seed,
        parameters,
        at: options.alertsAt,
      });
      for (const row of found.rows) rows.alert.push(row);
      batch.urgentAlerts.push(...found.urgent);
      counts.alerts += found.rows.length;
    }
    if (rows.score.length >= SCORES_PER_BATCH || rows.care_case.length >= CASES_PER_BATCH) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (batch.counts.cases > 0) yield batch;
}

/** What `recomputeAlerts` would insert for a new case, from the case's rows in memory. */
function newCaseAlerts(
  demoCase: DemoCase,
  scores: ScorePoint[],
  responses: readonly QuestionnaireResponseTable[],
  options: { seed: string; parameters: AllianceRuleParameters; at: string },
): { rows: AlertTable[]; urgent: DemoRowBatch['urgentAlerts'] } {
  const { careCase } = demoCase;
  // The order listScoresForCase reads them in (the engine does not depend on it; see the test).
  scores.sort(
    (a, b) =>
      a.sessionNumber - b.sessionNumber ||
      compareText(a.instrumentId, b.instrumentId) ||
      compareText(a.respondentKind, b.respondentKind) ||
      compareText(a.scaleId, b.scaleId),
  );
  const draft = buildAllianceCaseHistory(careCase.id, demoCase.sessions, scores);
  for (const response of responses)
    if (draft.riskResponses.has(response.id))
      addRiskItemAnswer(draft, response.id, response.instrument_id, response.answers);
  const changes = planAlertChanges([], analyseCase(draft.history, options.parameters));
  const idRandom = createSeededRandom(`${options.seed}:alert-ids:${careCase.id}`);
  const result: ReturnType<typeof newCaseAlerts> = { rows: [], urgent: [] };
  for (const change of changes) {
    if (change.kind !== 'insert') continue;
    // Alert ids ascend in their own table, so they may reuse the case's first ordinals.
    const id = demoId(
      idRandom,
      caseOrdinal(demoCase.caseNumber, CASE_ID_OFFSETS.practice, result.rows.length),
    );
    result.rows.push(newAlertRow(id, careCase.organizationId, careCase.id, change, options.at));
    if (change.finding.severity === 'urgent' && change.status !== 'resolved')
      result.urgent.push({ alertId: id, therapistIds: [demoCase.therapistId] });
  }
  return result;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
