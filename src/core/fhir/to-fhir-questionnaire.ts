import type { InstrumentDefinition, InstrumentItem } from '../instruments/instrument-definition.ts';
import type { FhirCoding, FhirQuestionnaire, FhirQuestionnaireItem } from './fhir-types.ts';

/** Canonical URL of a Rapport instrument definition (a URN: no server has to exist). */
export const questionnaireUrl = (instrumentId: string) =>
  `urn:rapport:questionnaire:${instrumentId}`;

/** The code system for answers that have no standard code: the answer's numeric value. */
export const answerValueSystem = (instrumentId: string) =>
  `urn:rapport:questionnaire:${instrumentId}:answer-value`;

const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

/**
 * An instrument as a FHIR R4 Questionnaire (hl7.org/fhir/R4/questionnaire.html): one item
 * per question, linkId = Rapport's item id, LOINC codes where the instrument has them, and
 * each answer option carrying its numeric value in the `ordinalValue` extension.
 */
export function toFhirQuestionnaire(
  definition: InstrumentDefinition,
  language: string = definition.languages[0] as string,
): FhirQuestionnaire {
  if (!definition.languages.includes(language)) {
    throw new RangeError(`${definition.id} has no "${language}" text`);
  }
  const sets = new Map(definition.responseSets.map((set) => [set.id, set]));
  const text = (t: Record<string, string>) => t[language] as string;

  const toItem = (item: InstrumentItem): FhirQuestionnaireItem => {
    const out: FhirQuestionnaireItem = {
      linkId: item.id,
      text: text(item.text),
      type: item.type === 'choice' ? 'choice' : 'text',
      required: item.required === true,
    };
    if (item.coding !== undefined) out.code = [item.coding];
    if (item.enableWhen !== undefined) {
      out.enableWhen = [
        {
          question: item.enableWhen.item,
          operator: item.enableWhen.operator,
          answerCoding: answerCoding(definition, item.enableWhen.item, item.enableWhen.value),
        },
      ];
    }
    if (item.type === 'choice') {
      const set = sets.get(item.responses as string);
      out.answerOption = (set?.options ?? []).map((option) => ({
        valueCoding: {
          ...(option.coding ?? {
            system: answerValueSystem(definition.id),
            code: String(option.value),
          }),
          display: text(option.label),
        },
        extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
      }));
    }
    return out;
  };

  const questionnaire: FhirQuestionnaire = {
    resourceType: 'Questionnaire',
    id: definition.id,
    url: questionnaireUrl(definition.id),
    version: definition.version,
    name: computableName(definition.id),
    title: definition.title,
    status: 'active',
    language,
    subjectType: ['Patient'],
    copyright: definition.licence.text,
    description: `${definition.citation} Wording: ${definition.wordingSource}`,
    item: definition.items.map(toItem),
  };
  if (definition.coding !== undefined) questionnaire.code = [definition.coding];
  if (definition.instructions !== undefined) {
    questionnaire.item.unshift({
      linkId: 'instructions',
      text: text(definition.instructions),
      type: 'display',
    });
  }
  return questionnaire;
}

/** The coding a Questionnaire(Response) uses for one numeric answer of one item. */
export function answerCoding(
  definition: InstrumentDefinition,
  itemId: string,
  value: number,
): FhirCoding {
  const item = definition.items.find((i) => i.id === itemId);
  const set = definition.responseSets.find((s) => s.id === item?.responses);
  const option = set?.options.find((o) => o.value === value);
  return option?.coding ?? { system: answerValueSystem(definition.id), code: String(value) };
}

/** FHIR `name` must be computer-friendly: "phq-9" → "Phq9". */
function computableName(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
