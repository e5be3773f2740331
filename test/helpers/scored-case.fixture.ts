import { randomUUID } from 'node:crypto';
import { waiSr } from '../../src/core/instruments/bundled/wai-sr.ts';
import type { PlanEntry } from '../../src/core/measurement/measurement-plan.ts';
import { caseToRow, insertCases } from '../../src/server/cases/case.repository.ts';
import { clientToRow, insertClients } from '../../src/server/clients/client.repository.ts';
import type { Clock } from '../../src/server/clock.ts';
import type { Database } from '../../src/server/db/database.ts';
import type { Attendance, CaseType } from '../../src/server/db/database-schema.ts';
import { importInstrumentDefinition } from '../../src/server/instruments/instrument.service.ts';
import { insertInterpreter } from '../../src/server/interpreters/interpreter.repository.ts';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { submitResponse } from '../../src/server/measurement/submit-response.service.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { insertSessions, sessionToRow } from '../../src/server/sessions/session.repository.ts';
import { everySession, insertTestPlan } from './plan.fixture.ts';

// Test and benchmark data only: synthetic people, scores made through the real measurement
// flow (attendance → requests → submitResponse → score rows), never written by hand.

const SECRET = 'case-view-fixture-secret-0123456789-abcdef';
const GIVEN_NAMES = ['Alex', 'Sam', 'Robin', 'Kim', 'Noa', 'Jules'];
export const SYNTHETIC_THERAPIST_FORM = 'synthetic-therapist-alliance';

interface Practice {
  organization: { id: string };
  clinic: { id: string };
}

/** The clinic's plan: WAI-SR and PHQ-9 from each client member, optionally a therapist form. */
export async function insertCaseViewPlan(
  db: Database,
  clock: Clock,
  practice: Practice,
  options: { therapistForm?: boolean } = {},
): Promise<void> {
  const entries: PlanEntry[] = [everySession('wai-sr'), everySession('phq-9')];
  if (options.therapistForm) {
    // A site-imported therapist form (none is bundled): the WAI-SR's structure under another
    // id, so the case view has a therapist side to draw.
    await importInstrumentDefinition(
      db,
      clock,
      {
        organizationId: practice.organization.id,
        definition: {
          ...waiSr,
          id: SYNTHETIC_THERAPIST_FORM,
          title: 'Synthetic therapist alliance form (test data)',
          perspective: 'therapist',
          licence: { class: 'site-licensed', text: 'Synthetic form for tests only.' },
        },
      },
      { type: 'cli', id: null },
    );
    entries.push(everySession(SYNTHETIC_THERAPIST_FORM, 'therapist'));
  }
  await insertTestPlan(db, practice, {
    name: 'Case view test plan',
    entries,
    effectiveFrom: '2020-01-01T00:00:00.000Z',
  });
}

/** Twelve 1–5 answers whose sum is `total` (12–60). */
export function waiAnswersForTotal(total: number): Record<string, number> {
  return spread(total, 12, 1);
}

/** Nine 0–3 answers whose sum is `total` (0–27). */
export function phqAnswersForTotal(total: number): Record<string, number> {
  return spread(total, 9, 0);
}

function spread(total: number, items: number, min: number): Record<string, number> {
  const base = Math.floor(total / items);
  const extra = total - base * items;
  return Object.fromEntries(
    Array.from({ length: items }, (_, i) => [
      String(i + 1),
      Math.max(min, base + (i < extra ? 1 : 0)),
    ]),
  );
}

export interface ScoredCaseOptions {
  type: CaseType;
  members: number;
  /** Attendance per session, in order; sessions start a week apart from `firstSessionAt`. */
  attendance: Attendance[];
  firstSessionAt: string;
  /** WAI-SR total a member gives after a session, or null for no answer (form stays open). */
  wai: (sessionNumber: number, memberIndex: number) => number | null;
  /** PHQ-9 total, or null (then the request stays open). Default: not answered. */
  phq?: (sessionNumber: number, memberIndex: number) => number | null;
  /** The therapist form's total per session, when the plan has one. */
  therapistTotal?: (sessionNumber: number) => number | null;
  /** Session numbers held with an interpreter. */
  interpretedSessions?: number[];
}

/** A case with its members, sessions and, for attended sessions, answered forms. */
export async function createScoredCase(
  db: Database,
  clock: Clock,
  practice: Practice,
  therapistId: string,
  options: ScoredCaseOptions,
) {
  const orgId = practice.organization.id;
  const at = clock().toISOString();
  const tag = randomUUID().slice(0, 6);
  const clients = Array.from({ length: options.members }, (_, i) => ({
    id: randomUUID(),
    organizationId: orgId,
    clinicId: practice.clinic.id,
    givenName: GIVEN_NAMES[i % GIVEN_NAMES.length]!,
    familyName: `Synthetic${tag}`,
    birthYear: 1980 + i * 7,
    preferredLanguage: 'en',
    email: null,
  }));
  await insertClients(
    db,
    clients.map((c) => clientToRow(c, at)),
  );
  const careCase = {
    id: randomUUID(),
    organizationId: orgId,
    clinicId: practice.clinic.id,
    reference: `CV-${tag}`,
    type: options.type,
    presentingConcerns: ['anxiety'],
    status: 'active' as const,
    openedAt: options.firstSessionAt,
    closedAt: null,
  };
  await insertCases(
    db,
    [caseToRow(careCase)],
    clients.map((c, i) => ({
      organization_id: orgId,
      case_id: careCase.id,
      client_id: c.id,
      relationship: i === 0 ? 'self' : options.type === 'couple' ? 'partner' : 'family-member',
    })),
    [{ organization_id: orgId, case_id: careCase.id, staff_user_id: therapistId, is_primary: 1 }],
  );
  let interpreterId: string | null = null;
  if (options.interpretedSessions?.length) {
    interpreterId = randomUUID();
    await insertInterpreter(
      db,
      {
        id: interpreterId,
        organizationId: orgId,
        staffUserId: null,
        displayName: `Interpreter ${tag}`,
        languages: ['en', 'es'],
        clinicalExperience: null,
        briefingAcknowledgedAt: at,
      },
      at,
    );
  }
  const sessions = options.attendance.map((attendance, i) => {
    const startsAt = new Date(Date.parse(options.firstSessionAt) + i * 7 * 86_400_000);
    const interpreted = options.interpretedSessions?.includes(i + 1) ?? false;
    return {
      id: randomUUID(),
      organizationId: orgId,
      caseId: careCase.id,
      number: i + 1,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 50 * 60_000).toISOString(),
      // Attended sessions are recorded through the service below, which opens their forms.
      attendance: (attendance === 'attended' ? 'scheduled' : attendance) as Attendance,
      modality: 'in-person' as const,
      language: interpreted ? 'es' : 'en',
      interpreterId: interpreted ? interpreterId : null,
    };
  });
  await insertSessions(
    db,
    sessions.map((s) => sessionToRow(s, at)),
  );
  for (const [i, session] of sessions.entries()) {
    if (options.attendance[i] !== 'attended') continue;
    await recordAttendance(
      db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
      { type: 'system', id: null },
    );
    for (const request of await listRequestsForSession(db, orgId, session.id)) {
      const memberIndex = clients.findIndex((c) => c.id === request.clientId);
      const answers: [string, Record<string, number>][] = [];
      if (request.respondentKind === 'client') {
        const wai = options.wai(session.number, memberIndex);
        const phq = options.phq?.(session.number, memberIndex) ?? null;
        if (wai !== null) answers.push(['wai-sr', waiAnswersForTotal(wai)]);
        if (phq !== null) answers.push(['phq-9', phqAnswersForTotal(phq)]);
      } else {
        const total = options.therapistTotal?.(session.number) ?? null;
        if (total !== null) answers.push([SYNTHETIC_THERAPIST_FORM, waiAnswersForTotal(total)]);
      }
      for (const [instrumentId, given] of answers)
        await submitResponse(
          db,
          clock,
          {
            organizationId: orgId,
            requestId: request.id,
            submissionId: randomUUID(),
            instrumentId,
            answers: given,
          },
          request.respondentKind === 'client'
            ? { type: 'client', id: request.clientId! }
            : { type: 'staff', id: request.staffUserId! },
        );
    }
  }
  return { careCase, clients, sessions };
}
