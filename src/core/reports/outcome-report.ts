import type { OutcomeReportRow } from '../api/practice-report.ts';
import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';
import { classifyOutcome, outcomeCriteriaOf } from '../outcomes/classify-outcome.ts';
import { shownForPeople } from '../research/small-cells.ts';
import { type ReportPeriod, inPeriod, localDate } from './report-calendar.ts';

/** A client's total score on an outcome instrument at one session of a case. */
export interface ReportScore {
  caseId: string;
  clientId: string;
  clinicId: string;
  instrumentId: string;
  sessionNumber: number;
  /** The session's start (UTC) and its clinic's time zone, which date the score. */
  sessionStartsAt: string;
  timeZone: string;
  value: number;
}

/** One client's change on one instrument in one case, as the case page classifies it. */
export interface OutcomeEpisode {
  caseId: string;
  clientId: string;
  clinicId: string;
  instrumentId: string;
  direction: 'improved' | 'deteriorated' | null;
}

/**
 * Each client's change on each outcome instrument in each case: their first score against
 * their latest score up to the period's end, by the instrument's own published criteria
 * (`outcomeCriteriaOf` and `classifyOutcome`, exactly as the case page classifies a series).
 * An episode counts when that latest score falls in the period and follows at least one
 * earlier score; an instrument without criteria gives no episodes.
 */
export function outcomeEpisodes(
  scores: readonly ReportScore[],
  catalogue: ReadonlyMap<string, InstrumentDefinition>,
  period: ReportPeriod,
): OutcomeEpisode[] {
  const series = new Map<string, ReportScore[]>();
  for (const s of scores) {
    if (localDate(s.sessionStartsAt, s.timeZone) > period.to) continue;
    const key = `${s.caseId}|${s.clientId}|${s.instrumentId}`;
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  const episodes: OutcomeEpisode[] = [];
  for (const points of series.values()) {
    if (points.length < 2) continue;
    points.sort((a, b) => a.sessionNumber - b.sessionNumber);
    const first = points[0]!;
    const latest = points.at(-1)!;
    if (!inPeriod(localDate(latest.sessionStartsAt, latest.timeZone), period)) continue;
    const definition = catalogue.get(first.instrumentId);
    const criteria = definition && outcomeCriteriaOf(definition, 'total');
    if (!criteria) continue;
    const { direction } = classifyOutcome(first.value, latest.value, criteria);
    episodes.push({
      caseId: first.caseId,
      clientId: first.clientId,
      clinicId: first.clinicId,
      instrumentId: first.instrumentId,
      direction,
    });
  }
  return episodes;
}

/** A group a report row stands for: a clinic or a therapist. */
export interface ReportGroup {
  id: string;
  name: string;
}

/**
 * The share of episodes with a reliable improvement and with a reliable deterioration, per
 * group (an episode may belong to several, e.g. each therapist of a couple's case) and
 * instrument. `measured` counts people: a rate whose group is fewer than `k` people is null.
 */
export function outcomeRows(
  episodes: readonly OutcomeEpisode[],
  groupsOf: (episode: OutcomeEpisode) => readonly ReportGroup[],
  titles: ReadonlyMap<string, string>,
  k: number,
): OutcomeReportRow[] {
  const cells = new Map<
    string,
    { group: ReportGroup; instrumentId: string; of: OutcomeEpisode[] }
  >();
  for (const e of episodes)
    for (const group of groupsOf(e)) {
      const key = `${group.id}|${e.instrumentId}`;
      const cell = cells.get(key) ?? { group, instrumentId: e.instrumentId, of: [] };
      cell.of.push(e);
      cells.set(key, cell);
    }
  return [...cells.values()]
    .sort(
      (a, b) =>
        a.group.name.localeCompare(b.group.name) ||
        a.group.id.localeCompare(b.group.id) ||
        a.instrumentId.localeCompare(b.instrumentId),
    )
    .map(({ group, instrumentId, of }) => {
      const people = new Set(of.map((e) => e.clientId)).size;
      const share = (direction: OutcomeEpisode['direction']) =>
        shownForPeople(people, of.filter((e) => e.direction === direction).length / of.length, k);
      return {
        groupId: group.id,
        groupName: group.name,
        instrumentId,
        instrumentTitle: titles.get(instrumentId) ?? instrumentId,
        measured: shownForPeople(people, people, k),
        improvedRate: share('improved'),
        deterioratedRate: share('deteriorated'),
      };
    });
}
