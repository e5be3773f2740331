import { intraclassCorrelation } from '../../stats/intraclass-correlation.ts';
import { pairedAgreement } from '../../stats/paired-agreement.ts';
import { type CellCount, smallCell } from '../small-cells.ts';
import {
  ALLIANCE_INSTRUMENT,
  ALLIANCE_SCALES,
  type AllianceScale,
  type AnalysisView,
  finiteOrNull,
  type ScoreObservation,
} from './study-observations.ts';

export interface AgreementPoint {
  /** (client + therapist) / 2, mean-item metric. */
  mean: number;
  /** client − therapist. */
  difference: number;
}

export interface AgreementRow {
  scale: AllianceScale;
  /** Client–therapist pairs; null when withheld (1 ≤ n < k). */
  n: CellCount;
  meanDifference: number | null;
  sd: number | null;
  t: number | null;
  p: number | null;
  /** Bland–Altman 95 % limits of agreement, d̄ ± 1.96·s_d. */
  limits: [number, number] | null;
  /** ICC2 of Shrout & Fleiss: two-way random, absolute agreement, single rater. */
  icc: number | null;
  iccCi: [number, number] | null;
  iccP: number | null;
  /** One per pair, for the Bland–Altman plot (empty when withheld). */
  points: AgreementPoint[];
}

const pair = (a: number | null, b: number | null): [number, number] | null => {
  const lo = finiteOrNull(a);
  const hi = finiteOrNull(b);
  return lo === null || hi === null ? null : [lo, hi];
};

/**
 * Client vs therapist on the same sessions (METHODS.md, "Client–therapist discrepancy" and
 * "Statistics for research"): the client's WAI-SR and the study's therapist form, each
 * subscale on the mean-item metric, paired by session. A pair is one client with one
 * therapist (a dyad); in a session view it is their two ratings of that session, across
 * sessions each one's mean over the sessions both rated. Paired differences client −
 * therapist (t test, Bland & Altman limits) and ICC2 (src/core/stats). Fewer than k pairs:
 * withheld.
 */
export function clientTherapistAgreement(
  observations: readonly ScoreObservation[],
  therapistInstrumentId: string | null,
  view: AnalysisView,
  k: number,
): AgreementRow[] {
  return ALLIANCE_SCALES.map((scale) => {
    const dyads = new Map<string, { client: number[]; therapist: number[] }>();
    if (therapistInstrumentId !== null) {
      const inView = observations.filter(
        (o) =>
          o.scaleId === scale &&
          o.itemMean !== null &&
          (view === 'across' || o.sessionNumber === view.session),
      );
      const therapistBySession = new Map<string, ScoreObservation[]>();
      for (const o of inView)
        if (o.role === 'therapist' && o.instrumentId === therapistInstrumentId)
          therapistBySession.set(o.sessionId, [...(therapistBySession.get(o.sessionId) ?? []), o]);
      for (const c of inView) {
        if (c.role !== 'client' || c.instrumentId !== ALLIANCE_INSTRUMENT) continue;
        for (const t of therapistBySession.get(c.sessionId) ?? []) {
          const key = `${c.participantId}|${t.participantId}`;
          const d = dyads.get(key) ?? { client: [], therapist: [] };
          d.client.push(c.itemMean!);
          d.therapist.push(t.itemMean!);
          dyads.set(key, d);
        }
      }
    }
    const average = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const client = [...dyads.values()].map((d) => average(d.client));
    const therapist = [...dyads.values()].map((d) => average(d.therapist));
    const n = smallCell(client.length, k);
    const withheld: AgreementRow = {
      scale,
      n,
      meanDifference: null,
      sd: null,
      t: null,
      p: null,
      limits: null,
      icc: null,
      iccCi: null,
      iccP: null,
      points: [],
    };
    if (n === null || n < 2) return withheld;
    const a = pairedAgreement(client, therapist);
    const icc2 = intraclassCorrelation([client, therapist]).icc.find((r) => r.type === 'ICC2')!;
    return {
      scale,
      n,
      meanDifference: finiteOrNull(a.meanDifference),
      sd: finiteOrNull(a.sd),
      t: finiteOrNull(a.t),
      p: finiteOrNull(a.p),
      limits: pair(a.limits[0], a.limits[1]),
      icc: finiteOrNull(icc2.value),
      iccCi: pair(icc2.ci[0], icc2.ci[1]),
      iccP: finiteOrNull(icc2.p),
      // Sorted, so the order says nothing about which dyad is which.
      points: client
        .map((x, i) => ({ mean: (x + therapist[i]!) / 2, difference: x - therapist[i]! }))
        .sort((p, q) => p.mean - q.mean || p.difference - q.difference),
    };
  });
}
