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

/**
 * The instruments Rapport ships. Not bundled, on purpose: the WAI therapist form (its exact
 * wording could not be verified; Rapport's own non-standardised therapist session rating
 * stands in until a site imports its licensed form), ORS/SRS, OQ-45 and MHC-SF (their licences forbid it); a
 * site with a licence imports its own file (`rapport instruments import`).
 *
 * To add one, write its file under bundled/ and list it here.
 */
export const bundledInstrumentSources: readonly InstrumentDefinitionInput[] = [
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

/**
 * A bundled file as the rest of Rapport sees it: the schema's defaults filled in, its own
 * fields in the schema's order. Nothing is validated here, on purpose: importing zod and
 * parsing every file at load was most of `rapport score`'s start-up (issue 15,
 * bench/README.md). Each file is checked in bundled-instruments.test.ts instead: it must
 * pass parseInstrumentDefinition, and the parsed result must equal this one, so a broken
 * file fails the tests and the registry holds what the parser would have given.
 */
function withDefaults(input: InstrumentDefinitionInput): InstrumentDefinition {
  return {
    id: input.id,
    version: input.version,
    title: input.title,
    citation: input.citation,
    wordingSource: input.wordingSource,
    standardised: input.standardised,
    licence: input.licence,
    perspective: input.perspective,
    languages: input.languages,
    ...(input.instructions === undefined ? {} : { instructions: input.instructions }),
    ...(input.coding === undefined ? {} : { coding: input.coding }),
    higherIsBetter: input.higherIsBetter,
    responseSets: input.responseSets,
    items: input.items,
    scales: input.scales,
    bands: input.bands ?? [],
    cutOffs: input.cutOffs ?? [],
    flags: input.flags ?? [],
    reliableChange: input.reliableChange ?? [],
    caseness: input.caseness ?? [],
    noReliableChange: input.noReliableChange ?? [],
    meaningfulChange: input.meaningfulChange ?? [],
    notes: input.notes ?? [],
  };
}

export const bundledInstruments: readonly InstrumentDefinition[] =
  bundledInstrumentSources.map(withDefaults);

const byId = new Map(bundledInstruments.map((d) => [d.id, d]));

/** The bundled definition with this id, or undefined. */
export function findBundledInstrument(id: string): InstrumentDefinition | undefined {
  return byId.get(id);
}
