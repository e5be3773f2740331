import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';
import type { Answers } from '../scoring/score-response.ts';
import type { FhirQuestionnaireResponse, FhirQuestionnaireResponseItem } from './fhir-types.ts';
import { answerCoding, questionnaireUrl } from './to-fhir-questionnaire.ts';

/**
 * A respondent's answers as a FHIR R4 QuestionnaireResponse
 * (hl7.org/fhir/R4/questionnaireresponse.html), pointing at the versioned Questionnaire.
 * Unanswered items are left out, as FHIR expects; answers are assumed already validated.
 */
export function toFhirQuestionnaireResponse(
  definition: InstrumentDefinition,
  answers: Answers,
  options: { authored?: string; subjectReference?: string; id?: string } = {},
): FhirQuestionnaireResponse {
  const language = definition.languages[0] as string;
  const items: FhirQuestionnaireResponseItem[] = [];
  for (const item of definition.items) {
    const answer = answers[item.id];
    if (answer === null || answer === undefined) continue;
    if (item.type === 'choice' && typeof answer === 'number') {
      const coding = answerCoding(definition, item.id, answer);
      items.push({ linkId: item.id, text: item.text[language], answer: [{ valueCoding: coding }] });
    } else if (item.type === 'text' && typeof answer === 'string') {
      items.push({ linkId: item.id, text: item.text[language], answer: [{ valueString: answer }] });
    }
  }
  const response: FhirQuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaireUrl(definition.id)}|${definition.version}`,
    status: 'completed',
    item: items,
  };
  if (options.id !== undefined) response.id = options.id;
  if (options.authored !== undefined) response.authored = options.authored;
  if (options.subjectReference !== undefined) {
    response.subject = { reference: options.subjectReference };
  }
  return response;
}
