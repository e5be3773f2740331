/**
 * What a therapist records of a rupture and its repair (docs/methods.md, "Rupture types";
 * Safran & Muran 2000; Eubanks 3RS). The one list for the repository, the API schemas and
 * the web form; plain data the web app may import.
 */
export const RUPTURE_MARKERS = ['withdrawal', 'confrontation'] as const;
export type RuptureMarker = (typeof RUPTURE_MARKERS)[number];

export const REPAIR_STRATEGIES = [
  'acknowledge',
  'explore-rupture',
  'clarify-misunderstanding',
  'renegotiate-goals-tasks',
  'slow-down',
  'offer-break',
  'follow-client-lead',
  'metacommunicate',
] as const;
export type RepairStrategy = (typeof REPAIR_STRATEGIES)[number];

export const RUPTURE_OUTCOMES = ['resolved', 'partly', 'unresolved'] as const;
export type RuptureOutcome = (typeof RUPTURE_OUTCOMES)[number];
