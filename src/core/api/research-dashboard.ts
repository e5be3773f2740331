/**
 * The study dashboard (issue 16, item 7; src/server/research/dashboard/): counts and
 * pseudonyms only, never a name, case or client id. The web app (src/web/research) infers
 * its types from these schemas.
 */
import { z } from 'zod';
import { studyRespondentSchema, studyStatusSchema } from './research-studies.ts';

/** A count, or null when withheld as a small cell (`minCellSize`; 0 today: none withheld). */
const count = z.int().min(0).nullable();

export const participantStatusCountsSchema = z.object({
  invited: count,
  consented: count,
  declined: count,
  withdrawn: count,
  completed: count,
});

export const studyDashboardSchema = z.object({
  studyId: z.string(),
  title: z.string(),
  status: studyStatusSchema,
  /** Counts of 1 to minCellSize − 1 are null (withheld); 0 means none is withheld. */
  minCellSize: z.int().min(0),
  reconsentBelowVersion: z.int().nullable(),
  /** Per clinic of the study: its target, the cases enrolled, participants by role and status. */
  clinics: z.array(
    z.object({
      clinicId: z.string(),
      clinicName: z.string(),
      targetEnrolment: z.int(),
      /** Cases with a client participant who is consented or completed. */
      enrolledCases: count,
      roles: z.array(
        z.object({ role: studyRespondentSchema, statuses: participantStatusCountsSchema }),
      ),
    }),
  ),
  /** Every consent version, with the decisions given on it (consent or a guardian's). */
  consentVersions: z.array(
    z.object({
      language: z.string(),
      version: z.int(),
      effectiveFrom: z.string(),
      consented: count,
      declined: count,
      /** A minor's own assent, given with a guardian's consent. */
      assents: count,
    }),
  ),
  /** Consented participants whose latest consent is below `reconsentBelowVersion`. */
  reconsent: z.array(
    z.object({
      pseudonym: z.string(),
      role: studyRespondentSchema,
      clinicName: z.string(),
      language: z.string(),
      version: z.int(),
    }),
  ),
  /** The study's forms per respondent role and session (null: the enrolment forms). */
  forms: z.array(
    z.object({
      role: studyRespondentSchema,
      sessionNumber: z.int().nullable(),
      instrumentId: z.string(),
      asked: count,
      answered: count,
    }),
  ),
  /** Consents and declines per week (Monday, by UTC date), quiet weeks included. */
  weeks: z.array(z.object({ weekStart: z.string(), consented: count, declined: count })),
  /**
   * IPR interviews (issue 17, item 8). An interview counts once held, in full (completed) or
   * in part (partial); `participants` are the people with at least one held interview.
   * Due soon, overdue and missed follow core/research/interview-urgency.ts.
   */
  interviews: z.object({
    client: z.object({ interviews: count, participants: count }),
    therapist: z.object({ interviews: count, participants: count }),
    dueSoon: count,
    overdue: count,
    missed: count,
    /** Per clinic and role (clinics of the study's participants with any task). */
    sites: z.array(
      z.object({
        clinicId: z.string(),
        clinicName: z.string(),
        role: studyRespondentSchema,
        completed: count,
        partial: count,
        declined: count,
        dueSoon: count,
        overdue: count,
        missed: count,
      }),
    ),
  }),
});
export type StudyDashboard = z.infer<typeof studyDashboardSchema>;
