import type { PlanEntry } from './measurement-plan.ts';

/**
 * The plan a new clinic starts with (and the demo practice uses), kept to about a minute
 * after a session: the alliance (WAI-SR) and end-of-session feedback after every attended
 * session; symptom measures for anxiety and depression work, family functioning for family
 * members aged 12 and over, and wellbeing at intake and every fourth session. The therapist
 * rates every session with Rapport's own short form (goal, task, bond, tension); a site with
 * a licensed therapist WAI form imports it and puts it in the plan in its place.
 */
export function defaultMeasurementPlanEntries(): PlanEntry[] {
  const every = { kind: 'every-session' } as const;
  const intakeAndEveryFourth = { kind: 'intake-and-every', every: 4 } as const;
  return [
    { instrumentId: 'wai-sr', respondent: 'client-member', schedule: every },
    { instrumentId: 'session-feedback', respondent: 'client-member', schedule: every },
    { instrumentId: 'therapist-session-rating', respondent: 'therapist', schedule: every },
    {
      instrumentId: 'phq-9',
      respondent: 'client-member',
      schedule: intakeAndEveryFourth,
      concerns: ['anxiety', 'depression'],
    },
    {
      instrumentId: 'gad-7',
      respondent: 'client-member',
      schedule: intakeAndEveryFourth,
      concerns: ['anxiety', 'depression'],
    },
    {
      instrumentId: 'score-15',
      respondent: 'client-member',
      schedule: intakeAndEveryFourth,
      // The default lists' family concern, and the code sites (and the demo) used before it.
      concerns: ['family-conflict', 'family-work'],
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
