import {
  ALLIANCE_SCALES,
  type AllianceSeries,
  type CaseAccessLevel,
  type CaseViewMember,
  type CaseViewResponse,
  type CaseViewSession,
  type CaseViewTherapist,
  type FormState,
  OUTCOME_INSTRUMENTS,
  type OutcomePoint,
  type OutcomeSeries,
} from '../../core/api/case-view.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import {
  classifyOutcome,
  outcomeCriteriaOf,
  RC_CRITERION,
} from '../../core/outcomes/classify-outcome.ts';
import type { Alert } from '../alerts/alert.repository.ts';
import type { ScorePoint } from '../measurement/questionnaire-response.repository.ts';
import type { RuptureEvent } from '../repairs/rupture-event.repository.ts';
import { buildCaseRuptureEvents, buildCaseRuptures } from './build-case-ruptures.ts';
import type { CaseHeaderRow, CaseRequestRow, CaseSessionRow } from './case-view.repository.ts';

export interface CaseViewInput {
  header: CaseHeaderRow;
  access: CaseAccessLevel;
  members: CaseViewMember[];
  therapists: CaseViewTherapist[];
  sessions: CaseSessionRow[];
  requests: CaseRequestRow[];
  scores: ScorePoint[];
  catalogue: Map<string, InstrumentDefinition>;
  /** The case's alerts (ruptures are drawn on the time line) and recorded rupture events. */
  alerts: Alert[];
  ruptureEvents: RuptureEvent[];
  /** ISO instant: an open request that expired before it shows as 'expired'. */
  now: string;
}

const CLIENT_ALLIANCE = 'wai-sr';

/**
 * Assembles the case page from what the repositories read: no I/O, so it is tested with
 * plain data. Scores are grouped into one series per instrument, respondent and scale, in
 * session order, with the instrument's own ranges, cut-offs and reliable-change parameters.
 */
export function buildCaseView(input: CaseViewInput): CaseViewResponse {
  const { header, catalogue } = input;
  const nameOf = new Map<string, string>([
    ...input.members.map((m) => [`client:${m.clientId}`, m.displayName] as const),
    ...input.therapists.map((t) => [`therapist:${t.staffUserId}`, t.displayName] as const),
  ]);
  const respondentName = (kind: string, id: string) => nameOf.get(`${kind}:${id}`) ?? '';

  const formsBySession = new Map<string, CaseViewSession['forms']>();
  for (const r of input.requests) {
    const state: FormState = r.status === 'open' && r.expiresAt <= input.now ? 'expired' : r.status;
    const forms = formsBySession.get(r.sessionId) ?? [];
    forms.push({
      respondentKind: r.respondentKind,
      respondentId: r.respondentId,
      respondentName: respondentName(r.respondentKind, r.respondentId),
      instruments: r.instruments,
      state,
      expiresAt: r.expiresAt,
      completedAt: r.completedAt,
      occasion: r.occasion,
    });
    formsBySession.set(r.sessionId, forms);
  }

  const groups = new Map<string, ScorePoint[]>();
  for (const s of input.scores) {
    if (s.value === null) continue;
    const key = `${s.instrumentId}|${s.respondentKind}|${(s.clientId ?? s.staffUserId)!}|${s.scaleId}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }

  const alliance: AllianceSeries[] = [];
  const outcomes: OutcomeSeries[] = [];
  for (const points of groups.values()) {
    const first = points[0]!;
    const definition = catalogue.get(first.instrumentId);
    if (!definition) continue;
    const respondentId = (first.clientId ?? first.staffUserId)!;
    const scale = definition.scales.find((s) => s.id === first.scaleId);
    if (!scale) continue;
    const isAlliance =
      (first.instrumentId === CLIENT_ALLIANCE && first.respondentKind === 'client') ||
      (first.respondentKind === 'therapist' && definition.perspective === 'therapist');
    if (isAlliance && (ALLIANCE_SCALES as readonly string[]).includes(scale.id)) {
      alliance.push({
        instrumentId: definition.id,
        instrumentTitle: definition.title,
        side: first.respondentKind,
        respondentId,
        respondentName: respondentName(first.respondentKind, respondentId),
        scale: scale.id as AllianceSeries['scale'],
        range: scale.range,
        points: points.map(toPoint),
      });
    } else if (
      (OUTCOME_INSTRUMENTS as readonly string[]).includes(definition.id) &&
      scale.id === 'total'
    ) {
      outcomes.push(
        outcomeSeries(
          definition,
          scale,
          points,
          respondentName(first.respondentKind, respondentId),
        ),
      );
    }
  }

  const scaleOrder = (s: string) => (ALLIANCE_SCALES as readonly string[]).indexOf(s);
  alliance.sort(
    (a, b) =>
      Number(a.instrumentId !== CLIENT_ALLIANCE) - Number(b.instrumentId !== CLIENT_ALLIANCE) ||
      a.instrumentId.localeCompare(b.instrumentId) ||
      Number(a.side === 'therapist') - Number(b.side === 'therapist') ||
      a.respondentName.localeCompare(b.respondentName) ||
      a.respondentId.localeCompare(b.respondentId) ||
      scaleOrder(a.scale) - scaleOrder(b.scale),
  );
  const instrumentOrder = (id: string) => (OUTCOME_INSTRUMENTS as readonly string[]).indexOf(id);
  outcomes.sort(
    (a, b) =>
      instrumentOrder(a.instrumentId) - instrumentOrder(b.instrumentId) ||
      a.respondentName.localeCompare(b.respondentName) ||
      a.respondentId.localeCompare(b.respondentId),
  );

  return {
    case: {
      id: header.id,
      reference: header.reference,
      type: header.type,
      status: header.status,
      presentingConcerns: header.presentingConcerns,
      openedAt: header.openedAt,
      closedAt: header.closedAt,
      clinicName: header.clinicName,
      timeZone: header.timeZone,
    },
    access: input.access,
    members: input.members,
    therapists: input.therapists,
    sessions: input.sessions.map((s) => ({
      id: s.id,
      number: s.number,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      attendance: s.attendance,
      modality: s.modality,
      language: s.language,
      interpreterName: s.interpreterName,
      forms: formsBySession.get(s.id) ?? [],
    })),
    alliance,
    outcomes,
    ruptures: buildCaseRuptures(input.alerts, respondentName),
    ruptureEvents: buildCaseRuptureEvents(input.ruptureEvents),
  };
}

const toPoint = (s: ScorePoint) => ({
  sessionNumber: s.sessionNumber,
  value: s.value!,
  itemMean: s.itemMean,
  band: s.band,
});

/**
 * One respondent's outcome series. Each score after the first is compared with the first by
 * the instrument's own criteria (a published criterion in points, or Jacobson–Truax from a
 * published SD and r_xx), and the latest score gives the series' category (recovered,
 * reliably improved, …); an instrument without criteria gets no markers rather than borrowed
 * ones, and says why.
 */
function outcomeSeries(
  definition: InstrumentDefinition,
  scale: InstrumentDefinition['scales'][number],
  points: ScorePoint[],
  respondentName: string,
): OutcomeSeries {
  const first = points[0]!;
  const latest = points.at(-1)!;
  const higherIsBetter = scale.higherIsBetter ?? definition.higherIsBetter;
  const criteria = outcomeCriteriaOf(definition, scale.id);
  const classify = (p: ScorePoint) => criteria && classifyOutcome(first.value!, p.value!, criteria);
  const outcomePoints: OutcomePoint[] = points.map((p, i) => {
    const result = i > 0 ? classify(p) : null;
    return {
      ...toPoint(p),
      reliableChange:
        result && result.direction
          ? {
              direction: result.direction,
              difference: result.difference,
              rc: result.rc === null ? null : Math.round(result.rc * 100) / 100,
            }
          : null,
    };
  });
  const overall = points.length > 1 ? classify(latest) : null;
  const parameters = criteria?.reliableChange;
  return {
    instrumentId: definition.id,
    instrumentTitle: definition.title,
    respondentId: (first.clientId ?? first.staffUserId)!,
    respondentName,
    scale: 'total',
    range: scale.range,
    higherIsBetter,
    cutOffs: definition.cutOffs
      .filter((c) => c.scale === scale.id)
      .map((c) => ({ id: c.id, operator: c.operator, value: c.value, description: c.description })),
    changeCriteria:
      criteria && parameters
        ? 'minimumChange' in parameters
          ? {
              method: 'published-threshold',
              minimumChange: parameters.minimumChange,
              sd: null,
              reliability: null,
              criterion: null,
              caseness: criteria.caseness,
            }
          : {
              method: 'jacobson-truax',
              minimumChange: null,
              sd: parameters.sd,
              reliability: parameters.reliability,
              criterion: RC_CRITERION,
              caseness: criteria.caseness,
            }
        : null,
    noChangeCriteriaReason: criteria
      ? null
      : (definition.noReliableChange.find((n) => n.scale === scale.id)?.reason ?? 'not-given'),
    change: overall && {
      firstSession: first.sessionNumber,
      latestSession: latest.sessionNumber,
      first: overall.pre,
      latest: overall.post,
      difference: overall.difference,
      rc: overall.rc === null ? null : Math.round(overall.rc * 100) / 100,
      reliable: overall.reliable,
      firstIsCase: overall.preCase,
      latestIsCase: overall.postCase,
      category: overall.category,
    },
    points: outcomePoints,
  };
}
