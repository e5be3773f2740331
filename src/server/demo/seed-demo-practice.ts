import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import type { PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { createSeededRandom } from '../../core/random/seeded-random.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { setPasswordHashForOrganization } from '../auth/credential.repository.ts';
import { hashPassword } from '../auth/password-hashing.ts';
import { caseToRow } from '../cases/case.repository.ts';
import { clientToRow } from '../clients/client.repository.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
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
import { requestToRow } from '../measurement/questionnaire-request.repository.ts';
import { responseRows } from '../measurement/response-rows.ts';
import { CASE_ID_OFFSETS, caseOrdinal, demoId } from './demo-id.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import {
  DEMO_BULK_TABLES,
  type DemoBulkRows,
  beginBulkSeed,
  endBulkSeed,
  insertDemoRows,
} from './demo-seed.repository.ts';
import {
  type DemoMeasurementState,
  generateCaseMeasurements,
} from './generate-demo-measurements.ts';
import type { DemoPractice } from './generate-demo-practice.ts';

export interface SeedResult {
  organization: Organization;
  reused: boolean;
  clients: number;
  cases: number;
  sessions: number;
  requests: number;
  responses: number;
  /** Open requests of the latest sessions (a few), whose links `rapport demo` prints. */
  openRequests: { requestId: string; caseId: string }[];
}

/**
 * Writes a generated practice, or reuses it when an organization with its slug is already
 * there (so `npm run demo` twice keeps what you did the first time).
 */
export async function seedDemoPractice(
  db: Database,
  clock: Clock,
  practice: DemoPractice,
  options: { secret?: string; seed?: string; anchor?: Date } = {},
): Promise<SeedResult> {
  const existing = await findOrganizationBySlug(db, practice.organization.slug);
  if (existing)
    return {
      organization: existing,
      reused: true,
      clients: 0,
      cases: 0,
      sessions: 0,
      requests: 0,
      responses: 0,
      openRequests: [],
    };
  const planEntries = defaultMeasurementPlanEntries();
  const rowOptions = {
    seed: options.seed ?? practice.organization.slug,
    anchor: options.anchor ?? clock(),
    ...(options.secret !== undefined && { secret: options.secret }),
  };
  const planIds = createSeededRandom(`${rowOptions.seed}:plans`);
  const openRequests: SeedResult['openRequests'] = [];

  const now = practice.organization.createdAt;
  // One argon2 hash for every demo account (they share the printed password): hashing each
  // would cost ~20 × 50 ms for nothing, whatever --clients says.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // One transaction: an interrupted seed leaves nothing behind that the next run would reuse.
  const bulk = await beginBulkSeed(db);
  const totals = await inTransaction(db, async (trx) => {
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

    const counts = { clients: 0, cases: 0, sessions: 0, requests: 0, responses: 0 };
    for (const batch of demoPracticeRows(practice, planEntries, rowOptions)) {
      for (const table of DEMO_BULK_TABLES) await insertDemoRows(trx, table, batch.rows[table]);
      for (const key of Object.keys(counts) as (keyof typeof counts)[])
        counts[key] += batch.counts[key];
      openRequests.push(...batch.openRequests.slice(0, 5 - openRequests.length));
    }

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
  }).finally(() => endBulkSeed(db, bulk));
  return { organization: practice.organization, reused: false, ...totals, openRequests };
}

export interface DemoRowBatch {
  rows: DemoBulkRows;
  counts: { clients: number; cases: number; sessions: number; requests: number; responses: number };
  openRequests: SeedResult['openRequests'];
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
  options: { seed: string; anchor: Date; secret?: string },
): Generator<DemoRowBatch> {
  const state: DemoMeasurementState = { riskCases: 0 };
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
    },
    counts: { clients: 0, cases: 0, sessions: 0, requests: 0, responses: 0 },
    openRequests: [],
  });
  let batch = emptyBatch();
  for (const demoCase of practice.cases()) {
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
    for (const { request, answers } of measured.requests) {
      // Only an open request needs a working link; the others' links are long dead.
      const open = request.status === 'open' && options.secret !== undefined;
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
      }
      counts.requests += 1;
      counts.responses += answers.size;
    }
    if (rows.score.length >= SCORES_PER_BATCH || rows.care_case.length >= CASES_PER_BATCH) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (batch.counts.cases > 0) yield batch;
}
