import { clientSociodemographic } from './bundled/client-sociodemographic.ts';
import { flourishingScale } from './bundled/flourishing-scale.ts';
import { gad7 } from './bundled/gad-7.ts';
import { phq9 } from './bundled/phq-9.ts';
import { score15 } from './bundled/score-15.ts';
import { sessionFeedback } from './bundled/session-feedback.ts';
import { swls } from './bundled/swls.ts';
import { therapistSessionRating } from './bundled/therapist-session-rating.ts';
import { therapistWorkContext } from './bundled/therapist-work-context.ts';
import { waiSr } from './bundled/wai-sr.ts';
import { who5 } from './bundled/who-5.ts';
import type { InstrumentDefinition, InstrumentDefinitionInput } from './instrument-definition.ts';
import { parseInstrumentDefinition } from './parse-instrument-definition.ts';

/**
 * The instruments Rapport ships. Not bundled, on purpose: the WAI therapist form (its exact
 * wording could not be verified; Rapport's own non-standardised therapist session rating
 * stands in until a site imports its licensed form), ORS/SRS, OQ-45 and MHC-SF (their licences forbid it); a
 * site with a licence imports its own file (`rapport instruments import`).
 */
const sources: readonly InstrumentDefinitionInput[] = [
  waiSr,
  phq9,
  gad7,
  who5,
  swls,
  flourishingScale,
  score15,
  sessionFeedback,
  therapistSessionRating,
  clientSociodemographic,
  therapistWorkContext,
];

function load(input: InstrumentDefinitionInput): InstrumentDefinition {
  const result = parseInstrumentDefinition(input);
  if (!result.ok) {
    // A bundled file that does not validate is a bug in Rapport, caught by the tests.
    const details = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new Error(`bundled instrument ${String(input.id)} is invalid: ${details}`);
  }
  return result.definition;
}

export const bundledInstruments: readonly InstrumentDefinition[] = sources.map(load);

const byId = new Map(bundledInstruments.map((d) => [d.id, d]));

/** The bundled definition with this id, or undefined. */
export function findBundledInstrument(id: string): InstrumentDefinition | undefined {
  return byId.get(id);
}
