import { type Occasion, type PlanEntry, instrumentsDue } from './measurement-plan.ts';

export interface DueRespondent {
  kind: 'client' | 'therapist';
  /** The client's or the therapist's id (the preview's stand-ins: member-1, therapist). */
  id: string;
  /** The plan's instruments due from them after the session, in plan order. */
  instruments: string[];
  /** The language their forms are asked in: the client's preferred one; therapists answer in en. */
  language: string;
}

/**
 * Who is asked what after one session of a case under a plan (or when it is closed): each client member (with
 * their age that year, when known) and each therapist, in that order, with what the plan
 * says is due from them (possibly nothing). The one rule both for the requests an attended
 * session creates (create-session-requests.service.ts) and for the plan editor's preview.
 */
export function respondentsDue(
  entries: readonly PlanEntry[],
  careCase: {
    sessionNumber: Occasion;
    concerns: readonly string[];
    members: readonly { id: string; age: number | null; language: string }[];
    therapistIds: readonly string[];
  },
): DueRespondent[] {
  const { sessionNumber, concerns } = careCase;
  return [
    ...careCase.members.map((m) => ({
      kind: 'client' as const,
      id: m.id,
      instruments: instrumentsDue(entries, {
        sessionNumber,
        concerns,
        respondent: 'client-member',
        age: m.age,
      }),
      language: m.language,
    })),
    ...careCase.therapistIds.map((id) => ({
      kind: 'therapist' as const,
      id,
      instruments: instrumentsDue(entries, { sessionNumber, concerns, respondent: 'therapist' }),
      language: 'en',
    })),
  ];
}
