/**
 * The words of IPR interviews, defined once for the database types, the API schemas and the
 * rules. A task is open until it is booked (scheduled); its outcome is completed, partial,
 * declined or missed; withdrawn when its session is no longer attended.
 */
export const INTERVIEW_STATUSES = [
  'open',
  'scheduled',
  'completed',
  'partial',
  'declined',
  'missed',
  'withdrawn',
] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/** The outcomes staff record for a booked interview. */
export const INTERVIEW_OUTCOMES = ['completed', 'partial', 'declined', 'missed'] as const;
export type InterviewOutcome = (typeof INTERVIEW_OUTCOMES)[number];

/** A task still waiting for its interview: the only states a deadline or a session moves. */
export const PENDING_INTERVIEW_STATUSES = ['open', 'scheduled'] as const;

export const INTERVIEW_RESPONDENTS = ['client', 'therapist'] as const;
export type InterviewRespondent = (typeof INTERVIEW_RESPONDENTS)[number];

/** The founding study's window: exactly 48 elapsed hours after the session's end. */
export const DEFAULT_INTERVIEW_WINDOW_HOURS = 48;

/** An interview that took place (wholly or in part): it may have recordings, a reflection and a review. */
export const HELD_INTERVIEW_STATUSES = [
  'completed',
  'partial',
] as const satisfies readonly InterviewStatus[];
