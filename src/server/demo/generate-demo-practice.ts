import { createSeededRandom } from '../../core/random/seeded-random.ts';
import { zonedWallTimeToUtc } from '../../core/time/zoned-time.ts';
import type { Client } from '../clients/client.repository.ts';
import type { CaseMember, CareCase } from '../cases/case.repository.ts';
import type { CaseType, StaffRoleName } from '../db/database-schema.ts';
import type { Clinic, Organization } from '../organizations/organization.repository.ts';
import type { TherapySession } from '../sessions/session.repository.ts';
import type { StaffUser } from '../staff/staff.repository.ts';
import { CASE_ID_OFFSETS, caseOrdinal, demoId } from './demo-id.ts';
import { familyNames, givenNames } from './demo-names.ts';

/**
 * The synthetic "HarmonyBridge Family Therapy" practice. Deterministic: the same options
 * give the same practice, row for row. It scales by repeating the two-clinic pattern
 * (7 + 5 therapists) for every 600 clients, so `--clients 100000` keeps realistic caseloads.
 */
export interface DemoOptions {
  clients: number;
  seed: string;
  /** The "today" of the practice: the latest session history ends before it. */
  anchor: Date;
}

export interface DemoStaff extends StaffUser {
  roles: { clinicId: string; role: StaffRoleName }[];
  supervises: string[];
}

export interface DemoInterpreter {
  id: string;
  staffUserId: string;
  displayName: string;
  languages: string[];
  clinicalExperience: string;
}

export interface DemoCase {
  /** 1, 2, 3…: the case's place in the practice (its reference is HB-00001, …). */
  caseNumber: number;
  careCase: CareCase;
  clients: Client[];
  members: CaseMember[];
  therapistId: string;
  sessions: TherapySession[];
}

export interface DemoPractice {
  organization: Organization;
  clinics: Clinic[];
  staff: DemoStaff[];
  interpreters: DemoInterpreter[];
  /** Generated lazily so a 100,000-client practice never sits in memory at once. */
  cases(): Generator<DemoCase>;
  /** What it was generated from: the same options give the same practice (in a worker too). */
  options: DemoOptions;
}

export const DEMO_ORGANIZATION_SLUG = 'harmonybridge';
export const CLIENTS_PER_CLINIC_PAIR = 600;
const EMAIL_DOMAIN = 'harmonybridge.example';

const concernsByType: Record<CaseType, string[][]> = {
  individual: [
    ['anxiety'],
    ['ocd'],
    ['depression'],
    ['anxiety', 'depression'],
    ['life-coaching'],
    ['ocd', 'anxiety'],
  ],
  couple: [['marriage-counselling'], ['marriage-counselling', 'communication']],
  family: [['family-work'], ['family-work', 'adolescent-anxiety'], ['family-work', 'conflict']],
};

const WEEK_MS = 7 * 24 * 3_600_000;

// Sessions fall on a few hundred distinct clinic hours, and converting one with Intl was a
// third of the generator's time at 20,000 clients: convert each once.
const wallTimes = new Map<string, number>();
function clinicWallTime(day: Date, hour: number, timeZone: string): number {
  const key = `${timeZone} ${day.toISOString().slice(0, 10)} ${hour}`;
  let ms = wallTimes.get(key);
  if (ms === undefined) {
    ms = zonedWallTimeToUtc(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour },
      timeZone,
    ).getTime();
    wallTimes.set(key, ms);
  }
  return ms;
}

export function generateDemoPractice(options: DemoOptions): DemoPractice {
  const random = createSeededRandom(options.seed);
  let practiceIds = 0;
  const nextId = () => demoId(random, practiceIds++);
  const createdAt = new Date(options.anchor.getTime() - 40 * WEEK_MS).toISOString();
  const organization: Organization = {
    id: nextId(),
    name: 'HarmonyBridge Family Therapy',
    slug: DEMO_ORGANIZATION_SLUG,
    createdAt,
  };
  const pairs = Math.max(1, Math.ceil(options.clients / CLIENTS_PER_CLINIC_PAIR));
  const clinics: Clinic[] = [];
  const staff: DemoStaff[] = [];
  const interpreters: DemoInterpreter[] = [];
  const therapistsByClinic = new Map<string, string[]>();
  const person = (email: string, displayName: string): StaffUser => ({
    id: nextId(),
    organizationId: organization.id,
    email,
    displayName,
    status: 'active',
  });

  for (let p = 0; p < pairs; p++) {
    const suffix = pairs === 1 ? '' : ` ${p + 1}`;
    const pair: Clinic[] = [
      {
        id: nextId(),
        organizationId: organization.id,
        name: `Riverside${suffix}`,
        timeZone: 'America/New_York',
      },
      {
        id: nextId(),
        organizationId: organization.id,
        name: `Lakeshore${suffix}`,
        timeZone: 'America/Chicago',
      },
    ];
    clinics.push(...pair);
    const superviseeIds: string[] = [];
    pair.forEach((clinic, i) => {
      const ids: string[] = [];
      for (let t = 1; t <= (i === 0 ? 7 : 5); t++) {
        const n = staff.length + 1;
        const name = `${random.pick(givenNames)} ${random.pick(familyNames)}`;
        const user = person(
          p === 0 ? `therapist${i * 7 + t}@${EMAIL_DOMAIN}` : `therapist.${n}@${EMAIL_DOMAIN}`,
          name,
        );
        staff.push({
          ...user,
          roles: [{ clinicId: clinic.id, role: 'therapist' }],
          supervises: [],
        });
        ids.push(user.id);
      }
      therapistsByClinic.set(clinic.id, ids);
      superviseeIds.push(...ids);
    });
    const supervisor = person(
      p === 0 ? `supervisor@${EMAIL_DOMAIN}` : `supervisor.${p + 1}@${EMAIL_DOMAIN}`,
      `${random.pick(givenNames)} ${random.pick(familyNames)}`,
    );
    staff.push({
      ...supervisor,
      roles: pair.map((c) => ({ clinicId: c.id, role: 'supervisor' as const })),
      supervises: superviseeIds,
    });
    for (const [languages, label] of [
      [['es'], 'Spanish'],
      [['ar', 'fr'], 'Arabic and French'],
    ] as const) {
      const user = person(
        `interpreter.${label.split(' ')[0]!.toLowerCase()}${p === 0 ? '' : `.${p + 1}`}@${EMAIL_DOMAIN}`,
        `${random.pick(givenNames)} ${random.pick(familyNames)}`,
      );
      staff.push({
        ...user,
        roles: pair.map((c) => ({ clinicId: c.id, role: 'interpreter' as const })),
        supervises: [],
      });
      interpreters.push({
        id: nextId(),
        staffUserId: user.id,
        displayName: user.displayName,
        languages: [...languages],
        clinicalExperience: `Community mental-health interpreting (${label})`,
      });
    }
  }
  const everyClinic = (role: StaffRoleName) => clinics.map((c) => ({ clinicId: c.id, role }));
  staff.unshift(
    {
      ...person(`admin@${EMAIL_DOMAIN}`, 'Practice Admin'),
      roles: everyClinic('admin'),
      supervises: [],
    },
    {
      ...person(`researcher@${EMAIL_DOMAIN}`, 'Research Lead'),
      roles: everyClinic('researcher'),
      supervises: [],
    },
  );

  // Case generation gets its own stream, so the staff above do not change when --clients does.
  function* cases(): Generator<DemoCase> {
    const caseRandom = createSeededRandom(`${options.seed}:cases`);
    let made = 0;
    const withCases = new Set<string>();
    let caseNumber = 0;
    while (made < options.clients) {
      caseNumber++;
      let caseIds = 0;
      const nextCaseRowId = () =>
        demoId(caseRandom, caseOrdinal(caseNumber, CASE_ID_OFFSETS.practice, caseIds++));
      const roll = caseRandom.next();
      let type: CaseType = roll < 0.55 ? 'individual' : roll < 0.8 ? 'couple' : 'family';
      let size = type === 'individual' ? 1 : type === 'couple' ? 2 : caseRandom.int(3, 4);
      if (size > options.clients - made) {
        size = options.clients - made;
        type = size === 1 ? 'individual' : size === 2 ? 'couple' : 'family';
      }
      // Each clinic pair serves its block of 600 clients; the first, larger clinic gets more.
      const pairIndex = Math.min(pairs - 1, Math.floor(made / CLIENTS_PER_CLINIC_PAIR));
      const home = clinics[pairIndex * 2 + (caseRandom.chance(0.58) ? 0 : 1)]!;
      const therapistId = caseRandom.pick(therapistsByClinic.get(home.id)!);
      const spanish = caseRandom.chance(0.12);
      const language = spanish ? 'es' : caseRandom.chance(0.05) ? 'ar' : 'en';
      const familyName = caseRandom.pick(familyNames);
      const clients: Client[] = [];
      const members: CaseMember[] = [];
      for (let m = 0; m < size; m++) {
        const relationship =
          type === 'individual'
            ? 'self'
            : type === 'couple'
              ? 'partner'
              : m < 2
                ? 'parent'
                : 'child';
        const birthYear =
          relationship === 'child'
            ? options.anchor.getUTCFullYear() - caseRandom.int(12, 17)
            : options.anchor.getUTCFullYear() - caseRandom.int(22, 68);
        const givenName = caseRandom.pick(givenNames);
        const id = nextCaseRowId();
        clients.push({
          id,
          organizationId: organization.id,
          clinicId: home.id,
          givenName,
          familyName: type === 'couple' && m === 1 ? caseRandom.pick(familyNames) : familyName,
          birthYear,
          preferredLanguage: language,
          email: `client.${caseNumber}.${m + 1}@${EMAIL_DOMAIN}`,
        });
        members.push({ clientId: id, relationship });
      }
      made += size;

      const weeks = caseRandom.int(10, 30);
      const ongoing = caseRandom.chance(0.8);
      const lastWeekEnd = options.anchor.getTime() - (ongoing ? 0 : caseRandom.int(2, 8) * WEEK_MS);
      const firstWeek = new Date(lastWeekEnd - weeks * WEEK_MS);
      const weekday = caseRandom.int(0, 4);
      const localHour = caseRandom.int(9, 17);
      const interpreted = language !== 'en' && caseRandom.chance(0.7);
      const interpreter = interpreters
        .slice(pairIndex * 2, pairIndex * 2 + 2)
        .find((i) => i.languages.includes(language));
      const sessions: TherapySession[] = [];
      const caseId = nextCaseRowId();
      const modality = caseRandom.chance(0.7) ? 'in-person' : 'video';
      for (let w = 0; w <= weeks; w++) {
        const day = new Date(firstWeek.getTime() + w * WEEK_MS + weekday * 86_400_000);
        const startsAt = new Date(clinicWallTime(day, localHour, home.timeZone));
        const future = startsAt.getTime() >= options.anchor.getTime();
        if (future && (!ongoing || sessions.some((s) => s.attendance === 'scheduled'))) break;
        const roll2 = caseRandom.next();
        sessions.push({
          id: nextCaseRowId(),
          organizationId: organization.id,
          caseId,
          number: sessions.length + 1,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(
            startsAt.getTime() + (type === 'individual' ? 50 : 75) * 60_000,
          ).toISOString(),
          attendance: future
            ? 'scheduled'
            : roll2 < 0.86
              ? 'attended'
              : roll2 < 0.94
                ? 'cancelled'
                : 'no-show',
          modality: caseRandom.chance(0.1) ? 'phone' : modality,
          language,
          interpreterId: interpreted && interpreter ? interpreter.id : null,
        });
      }
      if (ongoing && !sessions.some((s) => s.attendance === 'scheduled')) {
        const last = sessions[sessions.length - 1]!;
        const startsAt = new Date(new Date(last.startsAt).getTime() + WEEK_MS);
        sessions.push({
          ...last,
          id: nextCaseRowId(),
          number: last.number + 1,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(
            startsAt.getTime() +
              (new Date(last.endsAt).getTime() - new Date(last.startsAt).getTime()),
          ).toISOString(),
          attendance: 'scheduled',
        });
      }
      // The practice's newest intake is its last case, when its therapist already has
      // another: sessions 1 and 2 attended two weeks and a week ago, session 3 yesterday with
      // its attendance still to be recorded, all interpreted into Spanish. The founding study
      // enrols it (demo-study-seed.repository), so marking session 3 attended starts its IPR
      // interviews, and its therapy interpreter is the one the interview booking refuses.
      // Drawn after every random number above, so no other case changes; a therapist's only
      // case is left as it is, so the smallest demos keep each study client's history.
      const newest = made >= options.clients && withCases.has(therapistId);
      withCases.add(therapistId);
      const spanishInterpreter = interpreters
        .slice(pairIndex * 2, pairIndex * 2 + 2)
        .find((i) => i.languages.includes('es'));
      let isNewest = false;
      if (newest && sessions.length >= 3 && spanishInterpreter) {
        isNewest = true;
        const length =
          new Date(sessions[0]!.endsAt).getTime() - new Date(sessions[0]!.startsAt).getTime();
        sessions.splice(
          0,
          sessions.length,
          ...[15, 8, 1].map((daysAgo, i): TherapySession => {
            const day = new Date(options.anchor.getTime() - daysAgo * 86_400_000);
            const startsAt = new Date(clinicWallTime(day, localHour, home.timeZone));
            return {
              ...sessions[i]!,
              startsAt: startsAt.toISOString(),
              endsAt: new Date(startsAt.getTime() + length).toISOString(),
              attendance: i < 2 ? 'attended' : 'scheduled',
              language: 'es',
              interpreterId: spanishInterpreter.id,
            };
          }),
        );
        for (const client of clients) client.preferredLanguage = 'es';
      }
      yield {
        caseNumber,
        careCase: {
          id: caseId,
          organizationId: organization.id,
          clinicId: home.id,
          reference: `HB-${String(caseNumber).padStart(5, '0')}`,
          type,
          presentingConcerns: caseRandom.pick(concernsByType[type]),
          status: ongoing || isNewest ? 'active' : 'closed',
          openedAt: isNewest ? sessions[0]!.startsAt : firstWeek.toISOString(),
          closedAt: ongoing || isNewest ? null : sessions[sessions.length - 1]!.endsAt,
        },
        clients,
        members,
        therapistId,
        sessions,
      };
    }
  }

  return { organization, clinics, staff, interpreters, cases, options: { ...options } };
}
