import type { InterviewRespondent } from './interview-vocabulary.ts';

/**
 * Who may interpret an IPR interview (../shared/METHODS.md, "Research workflow"): an
 * interpreter with clinical or psychosocial experience, briefed on confidentiality, who
 * never interpreted any therapy session of the person interviewed. The refusal says why
 * in a sentence with a date and no clinical detail.
 */
export interface InterviewInterpreterFacts {
  displayName: string;
  clinicalExperience: string | null;
  /** The date of the confidentiality briefing (YYYY-MM-DD), or null. */
  briefedOn: string | null;
  /** The latest therapy session of the person that this interpreter interpreted, or null. */
  interpretedTherapyAt: string | null;
  respondent: InterviewRespondent;
  /** The clinic's zone, for the date in the message. */
  timeZone: string;
}

/** Why the interpreter cannot be booked, or null when they can. */
export function interviewInterpreterProblem(facts: InterviewInterpreterFacts): string | null {
  if (facts.interpretedTherapyAt !== null) {
    const day = new Intl.DateTimeFormat('en-GB', {
      timeZone: facts.timeZone,
      day: 'numeric',
      month: 'long',
    }).format(new Date(facts.interpretedTherapyAt));
    const whose = facts.respondent === 'client' ? "this client's" : "this therapist's";
    return `${facts.displayName} interpreted ${whose} therapy on ${day}; choose another interpreter.`;
  }
  if (!facts.clinicalExperience?.trim())
    return `${facts.displayName} has no recorded clinical or psychosocial experience; record it before booking them for an interview.`;
  if (facts.briefedOn === null)
    return `${facts.displayName} has no recorded confidentiality briefing; record the briefing before booking them for an interview.`;
  return null;
}
