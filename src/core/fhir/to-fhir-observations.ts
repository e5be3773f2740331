import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';
import type { ResponseScore } from '../scoring/score-response.ts';
import type { FhirObservation } from './fhir-types.ts';

/** Code system for scale scores that have no LOINC code. */
export const scaleCodeSystem = (instrumentId: string) =>
  `urn:rapport:questionnaire:${instrumentId}:scale`;

/**
 * Scale scores as FHIR R4 Observations (category `survey`), one per scored scale, coded with
 * LOINC where the instrument has a code (e.g. PHQ-9 total 44261-6). The instrument id and
 * version that produced the score travel in `method`; a prorated score says so in a note.
 */
export function toFhirObservations(
  definition: InstrumentDefinition,
  score: ResponseScore,
  options: {
    subjectReference?: string;
    effectiveDateTime?: string;
    questionnaireResponseReference?: string;
  } = {},
): FhirObservation[] {
  const observations: FhirObservation[] = [];
  for (const scale of score.scales) {
    if (scale.score === null) continue;
    const scaleDef = definition.scales.find((s) => s.id === scale.scale);
    const coding = scaleDef?.coding ?? {
      system: scaleCodeSystem(definition.id),
      code: scale.scale,
      display: scaleDef?.title ?? scale.scale,
    };
    const observation: FhirObservation = {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'survey',
              display: 'Survey',
            },
          ],
        },
      ],
      code: { coding: [coding], text: `${definition.title}: ${scaleDef?.title ?? scale.scale}` },
      valueQuantity: {
        value: scale.score,
        unit: '{score}',
        system: 'http://unitsofmeasure.org',
        code: '{score}',
      },
      method: { text: `Rapport scoring of ${score.instrument} ${score.version}` },
    };
    if (scale.band !== null) observation.interpretation = [{ text: scale.band }];
    if (scale.prorated) {
      observation.note = [{ text: `Prorated from ${scale.answered} of ${scale.itemCount} items.` }];
    }
    if (options.subjectReference !== undefined) {
      observation.subject = { reference: options.subjectReference };
    }
    if (options.effectiveDateTime !== undefined) {
      observation.effectiveDateTime = options.effectiveDateTime;
    }
    if (options.questionnaireResponseReference !== undefined) {
      observation.derivedFrom = [{ reference: options.questionnaireResponseReference }];
    }
    observations.push(observation);
  }
  return observations;
}
