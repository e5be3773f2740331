import { describe, expect, it } from 'vitest';
import { bundledInstruments, findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { scoreResponse } from '../scoring/score-response.ts';
import {
  checkFhirObservation,
  checkFhirQuestionnaire,
  checkFhirQuestionnaireResponse,
} from '../../../test/helpers/check-fhir-resource.ts';
import { toFhirObservations } from './to-fhir-observations.ts';
import { toFhirQuestionnaireResponse } from './to-fhir-questionnaire-response.ts';
import { toFhirQuestionnaire } from './to-fhir-questionnaire.ts';

const phq9 = findBundledInstrument('phq-9')!;

describe('FHIR Questionnaire', () => {
  it.each(bundledInstruments)('$id passes the structural check', (definition) => {
    const questionnaire = toFhirQuestionnaire(definition);
    expect(checkFhirQuestionnaire(JSON.parse(JSON.stringify(questionnaire)))).toEqual([]);
    const choiceItems = questionnaire.item.filter((i) => i.type === 'choice');
    expect(choiceItems.length).toBe(definition.items.filter((i) => i.type === 'choice').length);
    for (const item of choiceItems) {
      expect(item.answerOption?.length, item.linkId).toBeGreaterThan(0);
      for (const option of item.answerOption ?? []) {
        expect(option.extension?.[0]?.valueDecimal).toEqual(expect.any(Number));
      }
    }
  });

  it('PHQ-9 carries its LOINC codes (panel 44249-1, items, answers)', () => {
    const q = toFhirQuestionnaire(phq9);
    expect(q.code).toEqual([
      {
        system: 'http://loinc.org',
        code: '44249-1',
        display: 'PHQ-9 quick depression assessment panel',
      },
    ]);
    const item9 = q.item.find((i) => i.linkId === '9')!;
    expect(item9.code?.[0]?.code).toBe('44260-8');
    expect(item9.answerOption?.map((o) => o.valueCoding.code)).toEqual([
      'LA6568-5',
      'LA6569-3',
      'LA6570-1',
      'LA6571-9',
    ]);
    expect(q).toMatchObject({
      name: 'Phq9',
      version: '1.1.0',
      url: 'urn:rapport:questionnaire:phq-9',
    });
  });

  it('GAD-7 carries panel 69737-5', () => {
    expect(toFhirQuestionnaire(findBundledInstrument('gad-7')!).code?.[0]?.code).toBe('69737-5');
  });

  it('session feedback asks about resolution only after tension', () => {
    const q = toFhirQuestionnaire(findBundledInstrument('session-feedback')!);
    expect(q.item.find((i) => i.linkId === '4')?.enableWhen).toEqual([
      {
        question: '3',
        operator: '!=',
        answerCoding: {
          system: 'urn:rapport:questionnaire:session-feedback:answer-value',
          code: '0',
        },
      },
    ]);
  });

  it('refuses a language the instrument does not have', () => {
    expect(() => toFhirQuestionnaire(phq9, 'de')).toThrow(/no "de" text/);
  });
});

describe('the structural checker finds problems', () => {
  it('in a broken Questionnaire', () => {
    const problems = checkFhirQuestionnaire({
      resourceType: 'Questionnaire',
      status: 'published',
      url: 'not a uri',
      name: 'phq-9',
      item: [
        { linkId: 'a', type: 'choice', text: 'x' },
        { linkId: 'a', type: 'group', text: 'x' },
        {
          type: 'display',
          code: [{}],
          required: true,
          item: [{ linkId: 'c', type: 'text', text: 'y' }],
        },
        {
          linkId: 'd',
          type: 'string',
          text: 'x',
          answerOption: [{ valueCoding: { code: '1' } }],
          answerValueSet: 'x',
        },
        {
          linkId: 'e',
          type: 'choice',
          text: 'x',
          answerOption: [
            { valueCoding: {} },
            {
              valueCoding: { code: '1' },
              extension: [{ url: 'x/ordinalValue', valueDecimal: 'one' }, {}],
            },
            { valueCoding: { code: '1' } },
          ],
          enableWhen: [
            { question: 'zz', operator: '=' },
            { question: 'a', operator: '~' },
          ],
        },
        { linkId: 'f', type: 'weird' },
        'nonsense',
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'status is missing or invalid',
        'url must be an absolute URI',
        'que-0: name must be usable as an identifier',
        'item[0] is a choice item without answerOption or answerValueSet',
        'que-2: linkId "a" is not unique',
        'que-1: item[1] group has no items',
        'item[2].linkId is required',
        'que-1: item[2] display has items',
        'que-3: item[2] display has a code',
        'que-6: item[2] display has required',
        'que-4: item[3] has both answerOption and answerValueSet',
        'que-5: item[3] is not a choice item but has answers',
        'item[4].answerOption[0] has no valueCoding with a code',
        'item[4].answerOption[1] ordinalValue is not a number',
        'item[4].answerOption[1] extension has no url',
        'item[4].answerOption[2] repeats undefined|1',
        'item[4].enableWhen[0].question does not name an item',
        'item[4].enableWhen[1].operator is invalid',
        'item[4].enableWhen[1] has no answer',
        'item[5].type is missing or invalid',
        'item[5].text is missing',
        'item[6]: not an object',
      ]),
    );
    expect(checkFhirQuestionnaire(null)).toEqual(['not a JSON object']);
    expect(checkFhirQuestionnaire({ resourceType: 'Patient', status: 'active' })).toEqual([
      'resourceType must be Questionnaire',
    ]);
  });

  it('in a broken QuestionnaireResponse and Observation', () => {
    const q = toFhirQuestionnaire(phq9);
    expect(
      checkFhirQuestionnaireResponse(
        { resourceType: 'QR', status: 'done', item: [{}, { linkId: '99', answer: [{}] }] },
        q,
      ),
    ).toEqual([
      'resourceType must be QuestionnaireResponse',
      'status is missing or invalid',
      'item[0].linkId is required',
      'item[1]: no question "99"',
      'item[1].answer[0] has no value',
    ]);
    expect(checkFhirQuestionnaireResponse(7)).toEqual(['not a JSON object']);
    expect(
      checkFhirObservation({ resourceType: 'Obs', code: {}, valueQuantity: { value: '1' } }),
    ).toEqual([
      'resourceType must be Observation',
      'status is missing or invalid',
      'code is required',
      'valueQuantity.value must be a number',
    ]);
    expect(checkFhirObservation([])).toEqual(['not a JSON object']);
  });
});

describe('QuestionnaireResponse and Observations', () => {
  const answers = { '1': 2, '2': 2, '3': null, '4': 2, '5': 2, '6': 1, '7': 1, '8': 0, '9': 1 };

  it('a PHQ-9 response becomes a valid QuestionnaireResponse with LOINC answers', () => {
    const qr = toFhirQuestionnaireResponse(phq9, answers, {
      id: 'r1',
      authored: '2025-01-02T10:00:00Z',
      subjectReference: 'Patient/synthetic-1',
    });
    expect(checkFhirQuestionnaireResponse(qr, toFhirQuestionnaire(phq9))).toEqual([]);
    expect(qr.questionnaire).toBe('urn:rapport:questionnaire:phq-9|1.1.0');
    expect(qr.item).toHaveLength(8); // item 3 unanswered is left out
    expect(qr.item[0]?.answer?.[0]?.valueCoding?.code).toBe('LA6570-1');
    expect(qr).toMatchObject({ id: 'r1', subject: { reference: 'Patient/synthetic-1' } });
  });

  it('free text becomes valueString; numbers use the answer-value system', () => {
    const feedback = findBundledInstrument('session-feedback')!;
    const qr = toFhirQuestionnaireResponse(feedback, { '1': 'helpful', '3': 2, '4': 3, '2': 5 });
    expect(qr.item.map((i) => i.answer?.[0])).toEqual([
      { valueString: 'helpful' },
      {
        valueCoding: {
          system: 'urn:rapport:questionnaire:session-feedback:answer-value',
          code: '2',
        },
      },
      {
        valueCoding: {
          system: 'urn:rapport:questionnaire:session-feedback:answer-value',
          code: '3',
        },
      },
    ]);
  });

  it('scores become Observations with LOINC, band, version and proration', () => {
    const score = scoreResponse(phq9, answers);
    const [total] = toFhirObservations(phq9, score, {
      subjectReference: 'Patient/synthetic-1',
      effectiveDateTime: '2025-01-02T10:00:00Z',
      questionnaireResponseReference: 'QuestionnaireResponse/r1',
    });
    expect(checkFhirObservation(total)).toEqual([]);
    expect(total).toMatchObject({
      code: { coding: [{ code: '44261-6' }] },
      valueQuantity: { value: 12.375 }, // 11 over 8 items × 9
      interpretation: [{ text: 'moderate' }],
      method: { text: 'Rapport scoring of phq-9 1.1.0' },
      note: [{ text: 'Prorated from 8 of 9 items.' }],
      derivedFrom: [{ reference: 'QuestionnaireResponse/r1' }],
    });
  });

  it('scales without LOINC codes use Rapport scale codes; unscored scales are left out', () => {
    const wai = findBundledInstrument('wai-sr')!;
    const score = scoreResponse(wai, {
      '1': 5,
      '2': 5,
      '10': 5,
      '12': 5,
      '4': 4,
      '6': 4,
      '8': 4,
      '11': 4,
      '3': 3,
      '5': 3,
    });
    const observations = toFhirObservations(wai, score);
    expect(observations.map((o) => o.code.coding[0]?.code)).toEqual(['total', 'goal', 'task']);
    expect(observations.every((o) => checkFhirObservation(o).length === 0)).toBe(true);
  });
});
