import type { PlanEntry } from './measurement-plan.ts';

/**
 * The plan a new clinic starts with (and the demo practice uses): the alliance after every
 * attended session, end-of-session feedback, symptom measures for anxiety and depression
 * work, family functioning for family members aged 12 and over, and wellbeing at intake and
 * every fourth session. The therapist's alliance form joins the plan once a site imports a
 * licensed therapist form (none is bundled: its wording could not be verified).
 */
export function defaultMeasurementPlanEntries(): PlanEntry[] {
  const every = { kind: 'every-session' } as const;
  const intakeAndEveryFourth = { kind: 'intake-and-every', every: 4 } as const;
  return [
    { instrumentId: 'wai-sr', respondent: 'client-member', schedule: every },
    { instrumentId: 'session-feedback', respondent: 'client-member', schedule: every },
    {
      instrumentId: 'phq-9',
      respondent: 'client-member',
      schedule: every,
      concerns: ['anxiety', 'depression'],
    },
    {
      instrumentId: 'gad-7',
      respondent: 'client-member',
      schedule: every,
      concerns: ['anxiety', 'depression'],
    },
    {
      instrumentId: 'score-15',
      respondent: 'client-member',
      schedule: intakeAndEveryFourth,
      concerns: ['family-work'],
      minAge: 12,
    },
    { instrumentId: 'swls', respondent: 'client-member', schedule: intakeAndEveryFourth },
    {
      instrumentId: 'flourishing-scale',
      respondent: 'client-member',
      schedule: intakeAndEveryFourth,
    },
  ];
}
