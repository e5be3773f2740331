import type { PlanPreview, planPreviewBodySchema } from '../../core/api/admin.ts';
import { badRequest, notFound } from '../../core/app-error.ts';
import { hasTextIn } from '../../core/instruments/has-text-in.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { caseMemberCounts } from '../../core/intake/intake-lists.ts';
import { estimatedMinutes } from '../../core/measurement/estimated-minutes.ts';
import type { Occasion } from '../../core/measurement/measurement-plan.ts';
import { respondentsDue } from '../../core/measurement/respondents-due.ts';
import type { z } from 'zod';
import { adminClinicIds, type StaffActor } from '../auth/staff-actor.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';
import type { AdminDeps } from './admin.service.ts';
import { checkPlanEntries } from './plan-instruments.service.ts';

export const PREVIEW_SESSIONS = 10;

/**
 * What a draft plan would ask after sessions 1–10 of a new case and when it is closed:
 * respondentsDue, the rule the requests of an attended session (and of closing) are made by, applied to stand-in members (member-1, …) and
 * one therapist, with each respondent's estimated minutes and the forms that have no text in
 * their language. Reads instrument definitions only, writes nothing; for a clinic's admins.
 */
export async function previewPlan(
  deps: AdminDeps,
  actor: StaffActor,
  input: z.output<typeof planPreviewBodySchema>,
): Promise<PlanPreview> {
  if (!adminClinicIds(actor).has(input.clinicId)) throw notFound('Clinic');
  const entries = await checkPlanEntries(deps.db, actor.organizationId, input.entries);
  if (input.caseType) {
    const [min, max] = caseMemberCounts[input.caseType];
    if (input.members.length < min || input.members.length > max)
      throw badRequest('The case has the wrong number of members for its type.', [
        {
          path: 'body.members',
          message:
            min === max ? `a ${input.caseType} case has ${min}` : `between ${min} and ${max}`,
        },
      ]);
  }
  const definitions = new Map<string, InstrumentDefinition>();
  for (const { instrumentId } of entries) {
    const definition = await resolveInstrument(deps.db, actor.organizationId, instrumentId);
    if (definition) definitions.set(instrumentId, definition);
  }
  const members = input.members.map((m, i) => ({
    id: `member-${i + 1}`,
    age: m.age,
    language: m.language,
  }));
  // As createSessionRequests: nobody with nothing due gets a request.
  const asked = (occasion: Occasion) =>
    respondentsDue(entries, {
      sessionNumber: occasion,
      concerns: input.concerns,
      members,
      therapistIds: ['therapist'],
    })
      .filter((r) => r.instruments.length > 0)
      .map((r) => {
        const forms = r.instruments.map((id) => definitions.get(id)!);
        return {
          respondent: r.kind,
          member: r.kind === 'client' ? members.findIndex((m) => m.id === r.id) + 1 : null,
          language: r.language,
          forms: forms.map((f) => ({
            instrumentId: f.id,
            title: f.title,
            languageMissing: !hasTextIn(f.languages, r.language),
          })),
          minutes: estimatedMinutes(forms),
        };
      });
  return {
    sessions: Array.from({ length: PREVIEW_SESSIONS }, (_, i) => ({
      number: i + 1,
      respondents: asked(i + 1),
    })),
    endOfCare: asked('end-of-care'),
  };
}
