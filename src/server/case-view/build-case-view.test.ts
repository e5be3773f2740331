import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { ScorePoint } from '../measurement/questionnaire-response.repository.ts';
import { buildCaseView } from './build-case-view.ts';

const phq9 = findBundledInstrument('phq-9')!;
// A site's PHQ-9 with reliable-change parameters (SD 5, r_xx 0.84: chosen for round numbers,
// not a published norm): SE = 5·√0.16 = 2, S_diff = √(2·2²) = 2.828; a drop of 6 gives
// RC = −2.12 (reliable), a drop of 5 gives RC = −1.77 (not).
const phq9WithRc: InstrumentDefinition = {
  ...phq9,
  reliableChange: [
    {
      scale: 'total',
      sd: 5,
      reliability: 0.84,
      reliabilityKind: 'test-retest',
      source: 'test values',
    },
  ],
};

const score = (sessionNumber: number, value: number, clientId = 'c1'): ScorePoint => ({
  responseId: `r${sessionNumber}${clientId}`,
  sessionId: `s${sessionNumber}`,
  sessionNumber,
  respondentKind: 'client',
  clientId,
  staffUserId: null,
  instrumentId: 'phq-9',
  instrumentVersion: '1.1.0',
  scaleId: 'total',
  value,
  itemMean: null,
  answered: 9,
  itemCount: 9,
  prorated: false,
  band: null,
  flags: [],
});

const base = {
  header: {
    id: 'case',
    reference: 'R-1',
    type: 'individual' as const,
    status: 'active' as const,
    presentingConcerns: [],
    openedAt: '2026-01-01T00:00:00.000Z',
    closedAt: null,
    clinicName: 'Clinic',
    timeZone: 'Europe/Madrid',
  },
  access: 'write' as const,
  members: [{ clientId: 'c1', displayName: 'Alex Synthetic', relationship: 'self' }],
  therapists: [],
  sessions: [],
  requests: [],
  alerts: [],
  ruptureEvents: [],
  now: '2026-06-01T00:00:00.000Z',
};

describe('buildCaseView', () => {
  it('marks reliable change against the first score, in the direction the instrument says is better', () => {
    const view = buildCaseView({
      ...base,
      scores: [score(1, 20), score(2, 15), score(3, 14), score(4, 27)],
      catalogue: new Map([['phq-9', phq9WithRc]]),
    });
    const points = view.outcomes[0]!.points;
    expect(points.map((p) => p.reliableChange)).toEqual([
      null,
      null,
      { rc: -2.12, difference: -6, direction: 'improved' },
      { rc: 2.47, difference: 7, direction: 'deteriorated' },
    ]);
    expect(view.outcomes[0]!.changeCriteria).toEqual({
      method: 'jacobson-truax',
      minimumChange: null,
      sd: 5,
      reliability: 0.84,
      criterion: 1.96,
      caseness: { operator: '>=', value: 10 },
    });
    expect(view.outcomes[0]!.change).toMatchObject({ category: 'deteriorated', rc: 2.47 });
  });

  // The bundled PHQ-9's NHS Talking Therapies criteria: 6 points, caseness 10.
  it.each([
    { scores: [18, 13, 7], category: 'reliable-recovery', difference: -11 },
    { scores: [11, 9], category: 'recovered', difference: -2 },
    { scores: [25, 21, 18], category: 'improved', difference: -7 },
    { scores: [14, 12], category: 'unchanged', difference: -2 },
    { scores: [6, 12], category: 'deteriorated', difference: 6 },
  ])('puts a PHQ-9 series $scores in "$category" against its first score', (c) => {
    const view = buildCaseView({
      ...base,
      scores: c.scores.map((v, i) => score(1 + 4 * i, v)),
      catalogue: new Map([['phq-9', phq9]]),
    });
    const series = view.outcomes[0]!;
    expect(series.change).toEqual({
      firstSession: 1,
      latestSession: 1 + 4 * (c.scores.length - 1),
      first: c.scores[0],
      latest: c.scores.at(-1),
      difference: c.difference,
      rc: null,
      reliable: Math.abs(c.difference) >= 6,
      firstIsCase: c.scores[0]! >= 10,
      latestIsCase: c.scores.at(-1)! >= 10,
      category: c.category,
    });
    expect(series.changeCriteria).toMatchObject({
      method: 'published-threshold',
      minimumChange: 6,
    });
    expect(series.noChangeCriteriaReason).toBeNull();
  });

  it('gives no markers or category to an instrument without criteria, and says why', () => {
    const swls = findBundledInstrument('swls')!;
    const view = buildCaseView({
      ...base,
      scores: [score(1, 5), score(2, 35)].map((s) => ({ ...s, instrumentId: 'swls' })),
      catalogue: new Map([['swls', swls]]),
    });
    expect(view.outcomes[0]!.points.map((p) => p.reliableChange)).toEqual([null, null]);
    expect(view.outcomes[0]!.changeCriteria).toBeNull();
    expect(view.outcomes[0]!.change).toBeNull();
    expect(view.outcomes[0]!.noChangeCriteriaReason).toBe('no-verified-norms');
  });

  it('has no category from a single score', () => {
    const view = buildCaseView({
      ...base,
      scores: [score(1, 20)],
      catalogue: new Map([['phq-9', phq9]]),
    });
    expect(view.outcomes[0]!.change).toBeNull();
    expect(view.outcomes[0]!.changeCriteria).not.toBeNull();
  });

  it('shows an open request past its expiry as expired', () => {
    const view = buildCaseView({
      ...base,
      sessions: [
        {
          id: 's1',
          number: 1,
          startsAt: '2026-05-01T09:00:00.000Z',
          endsAt: '2026-05-01T09:50:00.000Z',
          attendance: 'attended',
          modality: 'video',
          language: 'en',
          interpreterName: null,
        },
      ],
      requests: [
        {
          sessionId: 's1',
          respondentKind: 'client',
          respondentId: 'c1',
          instruments: ['wai-sr'],
          status: 'open',
          expiresAt: '2026-05-04T09:00:00.000Z',
          completedAt: null,
          occasion: 'session',
        },
      ],
      scores: [],
      catalogue: new Map(),
    });
    expect(view.sessions[0]!.forms).toMatchObject([
      { respondentName: 'Alex Synthetic', state: 'expired' },
    ]);
  });
});
