import { describe, expect, it } from 'vitest';
import { type ParticipantMeasure, planStudyItems } from './plan-study-items.ts';

const measure = (
  id: string,
  instrumentId: string,
  timing: 'enrolment' | 'sessions',
  sessionNumbers: number[] = [],
  extra: Partial<ParticipantMeasure> = {},
): ParticipantMeasure => ({
  studyId: 'study-a',
  participantId: 'p1',
  measureId: id,
  instrumentId,
  timing,
  sessionNumbers,
  alreadyAsked: false,
  ...extra,
});

// The founding study: WAI-SR, WHO-5, SWLS at sessions 3 and 5, the sociodemographic form
// at enrolment; the clinic's plan asks the WAI-SR after every session.
const founding = [
  measure('m-wai', 'wai-sr', 'sessions', [3, 5]),
  measure('m-who', 'who-5', 'sessions', [3, 5]),
  measure('m-swls', 'swls', 'sessions', [3, 5]),
  measure('m-socio', 'client-sociodemographic', 'enrolment'),
];

describe('planStudyItems', () => {
  it.each([
    {
      why: 'session 3: the measures at 3, the enrolment form, the WAI-SR asked once',
      clinical: ['wai-sr', 'session-feedback'],
      measures: founding,
      session: 3,
      instruments: ['wai-sr', 'session-feedback', 'who-5', 'swls', 'client-sociodemographic'],
      items: [
        ['m-wai', 'wai-sr', true],
        ['m-who', 'who-5', false],
        ['m-swls', 'swls', false],
        ['m-socio', 'client-sociodemographic', false],
      ],
    },
    {
      why: 'session 4: only the enrolment form, not yet asked',
      clinical: ['wai-sr'],
      measures: founding,
      session: 4,
      instruments: ['wai-sr', 'client-sociodemographic'],
      items: [['m-socio', 'client-sociodemographic', false]],
    },
    {
      why: 'session 4 after the enrolment form was asked: the clinic’s forms only',
      clinical: ['wai-sr'],
      measures: founding.map((m) => ({ ...m, alreadyAsked: m.timing === 'enrolment' })),
      session: 4,
      instruments: ['wai-sr'],
      items: [],
    },
    {
      why: 'no clinical forms: the study forms alone',
      clinical: [],
      measures: founding.slice(0, 2),
      session: 5,
      instruments: ['wai-sr', 'who-5'],
      items: [
        ['m-wai', 'wai-sr', false],
        ['m-who', 'who-5', false],
      ],
    },
    {
      why: 'the same instrument at enrolment and at session 3: one item per study',
      clinical: [],
      measures: [measure('m1', 'who-5', 'enrolment'), measure('m2', 'who-5', 'sessions', [3])],
      session: 3,
      instruments: ['who-5'],
      items: [['m1', 'who-5', false]],
    },
  ])('$why', ({ clinical, measures, session, instruments, items }) => {
    const plan = planStudyItems(clinical, measures, session);
    expect(plan.instruments).toEqual(instruments);
    expect(plan.items.map((i) => [i.measureId, i.instrumentId, i.alsoClinical])).toEqual(items);
  });

  it('asks an instrument two studies want once, with an item for each study', () => {
    const plan = planStudyItems(
      [],
      [
        measure('a', 'who-5', 'sessions', [3]),
        measure('b', 'who-5', 'sessions', [3], { studyId: 'study-b', participantId: 'p2' }),
      ],
      3,
    );
    expect(plan.instruments).toEqual(['who-5']);
    expect(plan.items.map((i) => [i.studyId, i.participantId])).toEqual([
      ['study-a', 'p1'],
      ['study-b', 'p2'],
    ]);
  });
});
