/**
 * The in-session ("show the client") view (issue 19, item 6): one client member's own
 * outcome and alliance trajectories, for a tablet handed to that client in the session.
 * The schema is the whole of what leaves the server: no other member, no therapist rating,
 * no alert, no note, no name but the client's own given name.
 */
import { z } from 'zod';
import { ALLIANCE_SCALES } from './case-view.ts';

/** POST /api/cases/:caseId/in-session: which client member the tablet will show. */
export const startInSessionBodySchema = z.strictObject({ clientId: z.uuid() });
export type StartInSessionBody = z.infer<typeof startInSessionBodySchema>;

const pointSchema = z.object({ sessionNumber: z.number(), value: z.number() });

export const inSessionViewSchema = z.object({
  client: z.object({ givenName: z.string() }),
  /** Each outcome questionnaire's total, with the questionnaire's own cut-off lines. */
  outcomes: z.array(
    z.object({
      instrumentId: z.string(),
      range: z.object({ min: z.number(), max: z.number() }),
      higherIsBetter: z.boolean(),
      cutOffs: z.array(z.number()),
      points: z.array(pointSchema),
    }),
  ),
  /** The client's own WAI-SR, as the mean item score (1–5) per scale. */
  alliance: z.array(
    z.object({
      scale: z.enum(ALLIANCE_SCALES),
      range: z.object({ min: z.number(), max: z.number() }),
      points: z.array(pointSchema),
    }),
  ),
});
export type InSessionView = z.infer<typeof inSessionViewSchema>;
