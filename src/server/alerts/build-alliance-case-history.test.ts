import { describe, expect, it } from 'vitest';
import type { ScorePoint } from '../measurement/questionnaire-response.repository.ts';
import { buildAllianceCaseHistory } from './build-alliance-case-history.ts';

/** One response's alliance scales, each on the mean-item metric. */
function response(
  responseId: string,
  who: { kind: 'client' | 'therapist'; id: string },
  instrumentId: string,
  session: number,
  means: Record<string, number>,
): ScorePoint[] {
  return Object.entries(means).map(([scaleId, itemMean]) => ({
    responseId,
    sessionId: `session-${session}`,
    sessionNumber: session,
    respondentKind: who.kind,
    clientId: who.kind === 'client' ? who.id : null,
    staffUserId: who.kind === 'therapist' ? who.id : null,
    instrumentId,
    instrumentVersion: '1.0.0',
    scaleId,
    value: itemMean,
    itemMean,
    answered: 1,
    itemCount: 1,
    prorated: false,
    band: null,
    flags: [],
  }));
}

const sessions = [1, 2].map((n) => ({
  number: n,
  startsAt: `2026-11-0${n}T10:00:00.000Z`,
  attendance: 'attended' as const,
}));
const therapist = { kind: 'therapist' as const, id: 'therapist-1' };
const scales = (v: number) => ({ total: v, goal: v, task: v, bond: v });

describe('the alliance history the engine reads', () => {
  it('names the form of each rating, and lets a licensed therapist form take the place of Rapport’s own rating for the same session', () => {
    const { history } = buildAllianceCaseHistory('case-1', sessions, [
      ...response('c1', { kind: 'client', id: 'client-1' }, 'wai-sr', 1, scales(3)),
      ...response('r1', therapist, 'therapist-session-rating', 1, scales(5)),
      ...response('w1', therapist, 'site-wai-sr-t', 1, scales(4)),
      // Session 2: only Rapport's own rating was answered, so it counts.
      ...response('r2', therapist, 'therapist-session-rating', 2, scales(2)),
    ]);
    const therapistRatings = history.ratings
      .filter((r) => r.role === 'therapist')
      .map((r) => [r.session, r.instrumentId, r.scores.goal]);
    expect(therapistRatings).toEqual([
      [1, 'site-wai-sr-t', 4],
      [2, 'therapist-session-rating', 2],
    ]);
    expect(history.ratings.find((r) => r.role === 'client')?.instrumentId).toBe('wai-sr');
  });
});
