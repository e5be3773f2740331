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
  instrumentVersion: '1.0.0',
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
      { rc: -2.12, direction: 'improved' },
      { rc: 2.47, direction: 'deteriorated' },
    ]);
    expect(view.outcomes[0]!.reliableChangeParameters).toEqual({
      sd: 5,
      reliability: 0.84,
      criterion: 1.96,
    });
  });

  it('gives no markers to an instrument without reliable-change parameters', () => {
    const view = buildCaseView({
      ...base,
      scores: [score(1, 27), score(2, 0)],
      catalogue: new Map([['phq-9', phq9]]),
    });
    expect(view.outcomes[0]!.points.map((p) => p.reliableChange)).toEqual([null, null]);
    expect(view.outcomes[0]!.reliableChangeParameters).toBeNull();
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
