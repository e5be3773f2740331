/**
 * English explanations of the alliance engine's findings (src/core/alliance/finding-message.ts
 * lists the keys). `{{x, score}}` is a score with one decimal, `{{x, decimal}}` a parameter
 * with up to two, both in the reader's number format; `{{x}}` is a session number or a count.
 * Spanish mirrors these keys in finding-messages-es.ts.
 */
export const findingMessagesEn = {
  scale: {
    goal: 'Agreement on goals',
    task: 'Agreement on tasks',
    bond: 'Bond',
    total: 'Overall alliance',
  },
  list: { separator: ', ', last: '{{init}} and {{last}}' },
  rupture: {
    open: '{{scale}} fell from {{from, score}} to {{to, score}} after session {{session}}, {{why}}.',
    unresolved:
      '{{scale}} fell from {{from, score}} to {{to, score}} after session {{session}}, {{why}}, and has not come back in the {{horizon}} sessions since: an unrepaired rupture worth raising with the client.',
    repaired:
      '{{scale}} dipped from {{from, score}} to {{to, score}} after session {{session}} and was back to {{back, score}} by session {{backSession}}: a repaired rupture, which tends to go with better outcomes.',
    why: {
      absoluteDrop:
        "a drop of at least {{drop, decimal}} point, as it is too early to know this client's usual variation",
      own: "more than {{k, decimal}} × this client's usual variation",
      betweenClients:
        "more than {{k, decimal}} × the usual spread of alliance scores between clients (wider than this client's own variation)",
    },
  },
  selfReportedRupture: {
    repaired:
      'The client reported tension or disagreement in session {{session}} ({{tension}} of 4) and felt it was resolved ({{resolution}} of 4): a rupture repaired in the session.',
    littleResolved:
      'The client reported tension or disagreement in session {{session}} ({{tension}} of 4) that felt little resolved ({{resolution}} of 4); worth returning to next session.',
    notSaidResolved:
      'The client reported tension or disagreement in session {{session}} ({{tension}} of 4) that they did not say was resolved; worth returning to next session.',
  },
  disengagement: {
    afterScoreDrop_one:
      'After session {{session}}, where the alliance dropped, there was {{missed}}: a sign of disengagement; consider reaching out before the next appointment.',
    afterScoreDrop_other:
      'After session {{session}}, where the alliance dropped, there were {{missed}}: a sign of disengagement; consider reaching out before the next appointment.',
    afterTension_one:
      'After session {{session}}, where the client reported tension, there was {{missed}}: a sign of disengagement; consider reaching out before the next appointment.',
    afterTension_other:
      'After session {{session}}, where the client reported tension, there were {{missed}}: a sign of disengagement; consider reaching out before the next appointment.',
    noShow: 'a no-show at session {{session}}',
    cancellation: 'a cancellation at session {{session}}',
  },
  discrepancy: {
    clientLowerGoals:
      '{{scale}} after session {{session}}: the client rated {{client, score}} and you rated {{therapist, score}}, a gap of {{gap, score}} points: you may be pursuing goals that are not the client’s.',
    clientLowerTasks:
      '{{scale}} after session {{session}}: the client rated {{client, score}} and you rated {{therapist, score}}, a gap of {{gap, score}} points: you may be pursuing tasks that are not the client’s.',
    clientHigher:
      '{{scale}} after session {{session}}: the client rated {{client, score}} and you rated {{therapist, score}}, a gap of {{gap, score}} points: the client sees more agreement than you do.',
    resolved:
      '{{scale}} after session {{session}}: the client rated {{client, score}} and you rated {{therapist, score}}, a gap of {{gap, score}} points; by session {{resolvedAt}} your views had come closer.',
  },
  split: {
    active:
      '{{scale}} after session {{session}} ranged from {{low, score}} to {{high, score}} across the {{members}} members, a split of {{split, score}} points: a split alliance; check whether one member feels less heard.',
    resolved:
      '{{scale}} after session {{session}} ranged from {{low, score}} to {{high, score}} across the {{members}} members, a split of {{split, score}} points; by session {{resolvedAt}} their views had come closer again.',
  },
  earlyCheckpoint: {
    belowLevel:
      "By session {{bySession}} the alliance is not yet established: the latest overall alliance (session {{session}}) was {{latest, score}}, below the plan's level of {{level, score}}.",
    falling:
      'By session {{bySession}} the alliance is not yet established: it fell by {{slope, decimal}} points per session over sessions {{first}}–{{last}}.',
    belowLevelAndFalling:
      "By session {{bySession}} the alliance is not yet established: the latest overall alliance (session {{session}}) was {{latest, score}}, below the plan's level of {{level, score}} and it fell by {{slope, decimal}} points per session over sessions {{first}}–{{last}}.",
  },
  riskItem: {
    phq9Answer1:
      'At session {{session}} the client answered {{answer}} ("several days") to the {{instrument}} question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
    phq9Answer2:
      'At session {{session}} the client answered {{answer}} ("more than half the days") to the {{instrument}} question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
    phq9Answer3:
      'At session {{session}} the client answered {{answer}} ("nearly every day") to the {{instrument}} question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
    answered:
      'At session {{session}} the client answered {{answer}} to the {{instrument}} question about thoughts of being better off dead or of self-harm: assess risk before the next session.',
  },
  notOnTrack: {
    active:
      '{{instrument}} was {{observed, decimal}} at session {{session}}, worse than the {{expected, decimal}} ± {{tolerance, decimal}} expected for a client who started at {{intake, decimal}}: not on track (model fitted on {{sample}}, {{date}}).',
    resolved:
      '{{instrument}} was off track from session {{first}} but back within the expected range by session {{resolvedAt}}.',
  },
  reliableChange: {
    deteriorated:
      '{{instrument}} has reliably deteriorated by session {{session}}{{change}}: more than measurement error can explain, worth reviewing the plan.',
    recovered:
      '{{instrument}} shows recovery by session {{session}}{{change}}: reliable improvement into the healthy range.',
    improved: '{{instrument}} has reliably improved by session {{session}}{{change}}.',
    change: ' ({{pre, decimal}} → {{post, decimal}})',
  },
  // Alerts stored before explanations were messages (migration
  // 2026-12-04-alert-explanation-messages) keep the sentences they were stored with.
  storedText: '{{en}}',
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** The shape every language's finding catalogue must fill in. */
export type FindingMessages = Strings<typeof findingMessagesEn>;
