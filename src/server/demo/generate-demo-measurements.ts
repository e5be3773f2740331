import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type {
  InstrumentDefinition,
  InstrumentItem,
} from '../../core/instruments/instrument-definition.ts';
import { instrumentsDue, type PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { type SeededRandom, createSeededRandom } from '../../core/random/seeded-random.ts';
import { type ResponseScore, scoreResponse } from '../../core/scoring/score-response.ts';
import type { QuestionnaireRequest } from '../measurement/questionnaire-request.repository.ts';
import { CASE_ID_OFFSETS, caseOrdinal, demoId } from './demo-id.ts';
import type { DemoCase } from './generate-demo-practice.ts';

/**
 * The demo's answers: what the default plan would have asked each client member after each
 * attended session, answered by a synthetic person. Deterministic (seeded per case), so the
 * same practice always has the same answers, and what was injected is known:
 *
 * - WAI-SR items follow a latent alliance per member (mean-item metric, 1–5) that grows over
 *   the sessions, plus item noise. Some dyads have a rupture (a drop of ~1.3 points), repaired
 *   within 1–3 sessions or not; some couples and families have a split alliance (one member
 *   lower from the first session on).
 * - Session feedback's tension item (item 3) is 0–1 normally and 2–3 in a rupture session.
 * - Symptom and wellbeing forms follow a latent wellbeing level that improves with noise; in
 *   at most two cases one PHQ-9 has item 9 = 1 (a risk answer, for the alerts to find).
 * - The therapist rates each attended session (goal, task, bond, tension) near the members'
 *   mean alliance; in about one case in seven they over- or under-estimate goals and tasks
 *   for a run of early sessions (`DemoDisagreement`).
 * - Most requests are completed; a few expired unanswered; the latest session of a few cases
 *   keeps an open request whose link `rapport demo` prints.
 */
export interface DemoRupture {
  caseId: string;
  clientId: string;
  /** Session number of the drop. */
  sessionNumber: number;
  /** Session number where the alliance is back, or null when it never recovered. */
  repairedAt: number | null;
}

export interface DemoSplit {
  caseId: string;
  /** The member whose alliance is the low one. */
  lowClientId: string;
  fromSessionNumber: number;
}

/**
 * A dyad where the therapist's view of goals and tasks parts from the client's for a run of
 * early sessions (the founding study's dyads 4 and 7): `over` when the therapist sees more
 * agreement than the client reports, `under` when less.
 */
export interface DemoDisagreement {
  caseId: string;
  therapistId: string;
  direction: 'over' | 'under';
  fromSessionNumber: number;
  toSessionNumber: number;
}

export interface DemoCaseMeasurements {
  requests: {
    request: QuestionnaireRequest;
    /** Instrument id → answers and their score (scored once here, written as is). */
    answers: Map<string, { answers: Record<string, unknown>; score: ResponseScore }>;
  }[];
  ruptures: DemoRupture[];
  splits: DemoSplit[];
  disagreements: DemoDisagreement[];
  riskAnswers: { caseId: string; clientId: string; sessionNumber: number }[];
}

const HOUR_MS = 3_600_000;
const definitions = new Map<string, InstrumentDefinition | undefined>();
const definitionOf = (id: string) => {
  if (!definitions.has(id)) definitions.set(id, findBundledInstrument(id));
  return definitions.get(id);
};

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

// An item's option values in ascending order, by instrument and response set: looked up for
// each of the ~10 M answers of a 20,000-client demo, so sorted once.
const sortedValues = new Map<string, number[] | undefined>();
function optionValues(definition: InstrumentDefinition, item: InstrumentItem) {
  const key = `${definition.id}@${definition.version}:${item.responses}`;
  if (!sortedValues.has(key)) {
    const set = definition.responseSets.find((s) => s.id === item.responses);
    sortedValues.set(
      key,
      set?.options.map((o) => o.value).sort((a, b) => a - b),
    );
  }
  return sortedValues.get(key);
}

/** A choice answer near `level` (0 = worst, 1 = best on the instrument's own direction). */
export function answerAt(
  random: SeededRandom,
  definition: InstrumentDefinition,
  item: InstrumentItem,
  level: number,
): number | undefined {
  const values = optionValues(definition, item);
  if (!values) return undefined;
  let position = clamp(level + random.normal(0, 0.12), 0, 1);
  if (!definition.higherIsBetter) position = 1 - position;
  if (item.reverse) position = 1 - position;
  return values[Math.round(position * (values.length - 1))];
}

/** At most this many cases of a practice get an injected PHQ-9 risk answer. */
export const DEMO_RISK_CASES = 2;

export interface DemoMeasurementState {
  /** Cases with an injected PHQ-9 item 9 answer so far (at most two in a practice). */
  riskCases: number;
}

export function generateCaseMeasurements(
  demoCase: DemoCase,
  entries: readonly PlanEntry[],
  options: { seed: string; anchor: Date; state: DemoMeasurementState },
): DemoCaseMeasurements {
  const { careCase } = demoCase;
  const random = createSeededRandom(`${options.seed}:measurements:${careCase.id}`);
  // Its own stream, so the answering times leave every other draw of the demo as it was.
  const pace = createSeededRandom(`${options.seed}:answering:${careCase.id}`);
  const attended = demoCase.sessions.filter((s) => s.attendance === 'attended');
  const result: DemoCaseMeasurements = {
    requests: [],
    ruptures: [],
    splits: [],
    disagreements: [],
    riskAnswers: [],
  };
  if (attended.length === 0) return result;

  // Split alliance: in about a third of couples and families, one member stays lower.
  const splitMember =
    demoCase.members.length > 1 && random.chance(0.35)
      ? random.pick(demoCase.members).clientId
      : null;
  if (splitMember) {
    result.splits.push({
      caseId: careCase.id,
      lowClientId: splitMember,
      fromSessionNumber: attended[0]!.number,
    });
  }
  // One rupture in about a quarter of dyads with enough history; ~60% repaired in 1–3 sessions.
  const members = demoCase.members.map((member) => {
    const rupture =
      attended.length >= 7 && random.chance(0.25)
        ? {
            at: random.int(4, attended.length - 3),
            repairAfter: random.chance(0.6) ? random.int(1, 3) : null,
          }
        : null;
    if (rupture) {
      const repairedIndex = rupture.repairAfter === null ? null : rupture.at + rupture.repairAfter;
      result.ruptures.push({
        caseId: careCase.id,
        clientId: member.clientId,
        sessionNumber: attended[rupture.at]!.number,
        repairedAt:
          repairedIndex !== null && repairedIndex < attended.length
            ? attended[repairedIndex]!.number
            : null,
      });
    }
    return {
      clientId: member.clientId,
      client: demoCase.clients.find((c) => c.id === member.clientId)!,
      base: clamp(random.normal(3.4, 0.35), 2.6, 4.2),
      growth: clamp(random.normal(0.05, 0.02), 0, 0.1),
      wellbeing: clamp(random.normal(0.35, 0.1), 0.1, 0.6),
      improvement: clamp(random.normal(0.03, 0.015), 0, 0.06),
      rupture,
    };
  });
  const riskCase =
    options.state.riskCases < DEMO_RISK_CASES &&
    careCase.presentingConcerns.some((c) => c === 'depression' || c === 'anxiety') &&
    attended.length >= 4 &&
    random.chance(0.2);
  if (riskCase) options.state.riskCases += 1;
  // On a session where the plan asks for the PHQ-9 (not the last: its link may stay open).
  const phqSessions = attended
    .map((session, index) => ({ session, index }))
    .filter(
      ({ session, index }) =>
        index < attended.length - 1 &&
        instrumentsDue(entries, {
          sessionNumber: session.number,
          concerns: careCase.presentingConcerns,
          respondent: 'client-member',
        }).includes('phq-9'),
    )
    .map(({ index }) => index);
  const riskSession = riskCase && phqSessions.length > 0 ? random.pick(phqSessions) : -1;

  // The latest attended session keeps open requests in some cases (links to try), if recent.
  const latest = attended.at(-1)!;
  const keepOpen =
    options.anchor.getTime() - Date.parse(latest.endsAt) < 8 * 24 * HOUR_MS && random.chance(0.3);

  // What each member's WAI-SR said per session and subscale (mean item): the therapist's own
  // rating (below) reads the room from what the clients showed.
  const perceived = new Map<string, Record<string, number>>();
  attended.forEach((session, index) => {
    for (const member of members) {
      const age =
        member.client.birthYear === null
          ? null
          : new Date(session.startsAt).getUTCFullYear() - member.client.birthYear;
      const due = instrumentsDue(entries, {
        sessionNumber: session.number,
        concerns: careCase.presentingConcerns,
        respondent: 'client-member',
        age,
      });
      if (due.length === 0) continue;
      const createdAt = new Date(Date.parse(session.endsAt)).toISOString();
      const open = keepOpen && session === latest;
      const expired = !open && random.chance(0.04);
      const request: QuestionnaireRequest = {
        id: demoId(
          random,
          caseOrdinal(demoCase.caseNumber, CASE_ID_OFFSETS.requests, result.requests.length),
        ),
        organizationId: careCase.organizationId,
        caseId: careCase.id,
        sessionId: session.id,
        respondentKind: 'client',
        clientId: member.clientId,
        staffUserId: null,
        instruments: due,
        language: member.client.preferredLanguage,
        status: open ? 'open' : expired ? 'expired' : 'completed',
        createdAt,
        // Open demo links stay usable for a week after the practice's "today".
        expiresAt: open
          ? new Date(options.anchor.getTime() + 7 * 24 * HOUR_MS).toISOString()
          : new Date(Date.parse(createdAt) + 72 * HOUR_MS).toISOString(),
        completedAt: null,
      };
      const answers: DemoCaseMeasurements['requests'][number]['answers'] = new Map();
      if (request.status === 'completed') {
        request.completedAt = new Date(
          Date.parse(createdAt) + random.int(5, 600) * 60_000,
        ).toISOString();
        // Opened a few minutes before it was sent: 4–14 s an item, so an ordinary link of 17
        // items takes about 1–4 minutes (bench/README.md, "Completion time": 105 s scripted).
        const items = due.reduce((n, id) => n + (definitionOf(id)?.items.length ?? 0), 0);
        request.firstOpenedAt = new Date(
          Math.max(
            Date.parse(createdAt),
            Date.parse(request.completedAt) - items * pace.int(4, 14) * 1000,
          ),
        ).toISOString();
        let alliance = member.base + member.growth * index;
        // Lower from the first session on: a split is a standing difference between members,
        // not a sudden fall (which the rupture rule would rightly report as one).
        if (member.clientId === splitMember) alliance -= 1.2;
        const rupture = member.rupture;
        let inRupture = false;
        if (rupture && index >= rupture.at) {
          const since = index - rupture.at;
          if (since === 0) inRupture = true;
          if (rupture.repairAfter === null) alliance -= since === 0 ? 1.3 : 0.9;
          else if (since < rupture.repairAfter) alliance -= 1.3 * (1 - since / rupture.repairAfter);
        }
        alliance = clamp(alliance, 1, 5);
        const wellbeing = clamp(member.wellbeing + member.improvement * index, 0, 0.95);
        for (const instrumentId of due) {
          const definition = definitionOf(instrumentId);
          if (!definition) continue;
          const itemAnswers: Record<string, unknown> = {};
          for (const item of definition.items) {
            if (item.type !== 'choice') continue;
            if (instrumentId === 'wai-sr') {
              itemAnswers[item.id] = clamp(Math.round(alliance + random.normal(0, 0.45)), 1, 5);
            } else if (instrumentId === 'session-feedback') {
              if (item.id === '3')
                itemAnswers[item.id] = inRupture ? random.int(2, 3) : random.chance(0.8) ? 0 : 1;
              else if (item.id === '4' && itemAnswers['3'] !== 0)
                itemAnswers[item.id] = inRupture ? random.int(0, 2) : random.int(2, 4);
            } else {
              const value = answerAt(random, definition, item, wellbeing);
              if (value !== undefined) itemAnswers[item.id] = value;
            }
          }
          if (instrumentId === 'phq-9') {
            itemAnswers['9'] = riskCase && index === riskSession ? 1 : 0;
            if (riskCase && index === riskSession)
              result.riskAnswers.push({
                caseId: careCase.id,
                clientId: member.clientId,
                sessionNumber: session.number,
              });
          }
          const score = scoreResponse(definition, itemAnswers);
          if (score.valid) answers.set(instrumentId, { answers: itemAnswers, score });
          if (score.valid && instrumentId === 'wai-sr')
            perceived.set(
              `${session.id}:${member.clientId}`,
              Object.fromEntries(score.scales.map((sc) => [sc.scale, sc.itemMean ?? alliance])),
            );
        }
      }
      result.requests.push({ request, answers });
    }
  });
  addTherapistRatings(demoCase, entries, attended, perceived, result, { ...options, keepOpen });
  return result;
}

/**
 * The therapist's own rating of each attended session (the plan's therapist forms), after the
 * clients' requests so the clients' answers and ids stay as they were. Its own seeded stream:
 * on each subscale the therapist answers near what the members' WAI-SR showed that session
 * (their mean item, averaged over the members who answered), within a little noise, except in
 * about one case in seven, where for four or five early sessions they see goals and tasks
 * about 1.3 points higher (over-estimation) or lower (under-estimation) than the clients do.
 * A generator choice, not a claim about real therapists: with a single 1–5 item against a
 * four-item mean, a therapist who tracked only the clients' latent level would differ by the
 * rounding alone, and the 1.0-point rule would fire in most cases.
 */
function addTherapistRatings(
  demoCase: DemoCase,
  entries: readonly PlanEntry[],
  attended: DemoCase['sessions'],
  perceived: Map<string, Record<string, number>>,
  result: DemoCaseMeasurements,
  options: { seed: string; anchor: Date; keepOpen: boolean },
) {
  const { careCase } = demoCase;
  const random = createSeededRandom(`${options.seed}:therapist-ratings:${careCase.id}`);
  const disagreement =
    attended.length >= 6 && random.chance(0.15)
      ? {
          direction: random.chance(0.6) ? ('over' as const) : ('under' as const),
          from: random.int(1, 2),
          length: random.int(4, 5),
        }
      : null;
  if (disagreement)
    result.disagreements.push({
      caseId: careCase.id,
      therapistId: demoCase.therapistId,
      direction: disagreement.direction,
      fromSessionNumber: attended[disagreement.from]!.number,
      toSessionNumber:
        attended[Math.min(disagreement.from + disagreement.length, attended.length) - 1]!.number,
    });
  const latest = attended.at(-1)!;
  attended.forEach((session, index) => {
    const due = instrumentsDue(entries, {
      sessionNumber: session.number,
      concerns: careCase.presentingConcerns,
      respondent: 'therapist',
    });
    if (due.length === 0) return;
    const levels = demoCase.members
      .map((m) => perceived.get(`${session.id}:${m.clientId}`))
      .filter((v): v is Record<string, number> => v !== undefined);
    const open = options.keepOpen && session === latest;
    // Unanswered when the clients did not answer either (nothing to compare), or now and then.
    const completed = !open && levels.length > 0 && random.chance(0.92);
    const createdAt = new Date(Date.parse(session.endsAt)).toISOString();
    const request: QuestionnaireRequest = {
      id: demoId(
        random,
        caseOrdinal(demoCase.caseNumber, CASE_ID_OFFSETS.requests, result.requests.length),
      ),
      organizationId: careCase.organizationId,
      caseId: careCase.id,
      sessionId: session.id,
      respondentKind: 'therapist',
      clientId: null,
      staffUserId: demoCase.therapistId,
      instruments: due,
      language: 'en',
      status: open ? 'open' : completed ? 'completed' : 'expired',
      createdAt,
      expiresAt: open
        ? new Date(options.anchor.getTime() + 7 * 24 * HOUR_MS).toISOString()
        : new Date(Date.parse(createdAt) + 72 * HOUR_MS).toISOString(),
      completedAt: completed
        ? new Date(Date.parse(createdAt) + random.int(2, 240) * 60_000).toISOString()
        : null,
    };
    const answers: DemoCaseMeasurements['requests'][number]['answers'] = new Map();
    if (completed) {
      const level = (scale: string) =>
        levels.reduce((sum, l) => sum + (l[scale] ?? l['total'] ?? 3), 0) / levels.length;
      const shift =
        disagreement &&
        index >= disagreement.from &&
        index < disagreement.from + disagreement.length
          ? disagreement.direction === 'over'
            ? 1.3
            : -1.3
          : 0;
      const tension = result.ruptures.some(
        (r) => r.caseId === careCase.id && r.sessionNumber === session.number,
      );
      for (const instrumentId of due) {
        const definition = definitionOf(instrumentId);
        if (!definition) continue;
        const itemAnswers: Record<string, unknown> = {};
        for (const item of definition.items) {
          if (item.type !== 'choice') continue;
          const scale = definition.scales.find(
            (sc) => sc.id !== 'total' && sc.items.includes(item.id),
          );
          if (scale?.id === 'tension')
            itemAnswers[item.id] = tension ? random.int(1, 3) : random.chance(0.85) ? 0 : 1;
          else {
            const id = scale?.id ?? 'total';
            const bias = id === 'goal' || id === 'task' ? shift : 0;
            itemAnswers[item.id] = clamp(
              Math.round(level(id) + bias + random.normal(0, 0.15)),
              1,
              5,
            );
          }
        }
        const score = scoreResponse(definition, itemAnswers);
        if (score.valid) answers.set(instrumentId, { answers: itemAnswers, score });
      }
    }
    result.requests.push({ request, answers });
  });
}

/** Where the demo's ruptures, splits and risk answers are: what the alert tests can expect. */
export function demoManifest(
  cases: Iterable<DemoCase>,
  entries: readonly PlanEntry[],
  options: { seed: string; anchor: Date },
) {
  const state: DemoMeasurementState = { riskCases: 0 };
  const manifest = {
    ruptures: [] as DemoRupture[],
    splits: [] as DemoSplit[],
    disagreements: [] as DemoDisagreement[],
    riskAnswers: [] as DemoCaseMeasurements['riskAnswers'],
  };
  for (const demoCase of cases) {
    const made = generateCaseMeasurements(demoCase, entries, { ...options, state });
    manifest.ruptures.push(...made.ruptures);
    manifest.splits.push(...made.splits);
    manifest.disagreements.push(...made.disagreements);
    manifest.riskAnswers.push(...made.riskAnswers);
  }
  return manifest;
}
