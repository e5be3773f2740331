import type { InstrumentDefinitionInput } from '../instrument-definition.ts';
import { IAPT_CRITERIA_TABLE, IAPT_MANUAL, IAPT_RECOVERY } from './iapt-outcome-criteria.ts';

/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006).
 *
 * Wording: the GAD-7 as printed in Spitzer et al. 2006 and on the Pfizer PHQ screener form
 * ("No permission required to reproduce, translate, display or distribute"), checked against
 * several independent reproductions (a copy citing the 2006 paper, the HL7 personal health
 * record IG's GAD-7 example, clinic systems). Where reproductions differ only in commas
 * ("anxious, or on edge"), the printed form's punctuation is used. The unscored difficulty
 * question is left out. LOINC: panel 69737-5, items 69725-0, 68509-9, 69733-4, 69734-2,
 * 69735-9, 69689-8, 69736-7, total 70274-6.
 */
const loinc = (code: string, display?: string) => ({
  system: 'http://loinc.org',
  code,
  ...(display === undefined ? {} : { display }),
});

export const gad7: InstrumentDefinitionInput = {
  id: 'gad-7',
  // 1.1.0: adds the NHS Talking Therapies caseness cut-off (8) and reliable-change criterion;
  // items, scoring and bands are those of 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'Generalized Anxiety Disorder 7-item scale (GAD-7)',
  citation:
    'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092-1097. doi:10.1001/archinte.166.10.1092',
  wordingSource:
    'GAD-7 form in Spitzer et al. 2006 and the Pfizer PHQ screener form, compared against independent reproductions.',
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  },
  perspective: 'client',
  languages: ['en'],
  instructions: {
    en: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  },
  coding: loinc('69737-5', 'Generalized anxiety disorder 7 item (GAD-7)'),
  higherIsBetter: false,
  responseSets: [
    {
      id: 'frequency',
      options: [
        { value: 0, label: { en: 'Not at all' }, coding: loinc('LA6568-5', 'Not at all') },
        { value: 1, label: { en: 'Several days' }, coding: loinc('LA6569-3', 'Several days') },
        {
          value: 2,
          label: { en: 'More than half the days' },
          coding: loinc('LA6570-1', 'More than half the days'),
        },
        {
          value: 3,
          label: { en: 'Nearly every day' },
          coding: loinc('LA6571-9', 'Nearly every day'),
        },
      ],
    },
  ],
  items: [
    ['69725-0', 'Feeling nervous, anxious, or on edge'],
    ['68509-9', 'Not being able to stop or control worrying'],
    ['69733-4', 'Worrying too much about different things'],
    ['69734-2', 'Trouble relaxing'],
    ['69735-9', 'Being so restless that it is hard to sit still'],
    ['69689-8', 'Becoming easily annoyed or irritable'],
    ['69736-7', 'Feeling afraid as if something awful might happen'],
  ].map(([code, text], index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text as string },
    responses: 'frequency',
    required: true,
    coding: loinc(code as string),
  })),
  scales: [
    {
      id: 'total',
      title: 'GAD-7 total',
      items: ['1', '2', '3', '4', '5', '6', '7'],
      method: 'sum',
      range: { min: 0, max: 21 },
      missing: {
        maxMissing: 1,
        source:
          'No missing-item rule found in Spitzer et al. 2006. Conservative choice: prorate (mean of answered items x 7) only when one item is missing.',
      },
      coding: loinc(
        '70274-6',
        'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
      ),
    },
  ],
  bands: [
    {
      scale: 'total',
      source:
        'Spitzer et al. 2006: scores of 5, 10 and 15 are the cut points for mild, moderate and severe anxiety.',
      levels: [
        { min: 0, label: 'minimal' },
        { min: 5, label: 'mild' },
        { min: 10, label: 'moderate' },
        { min: 15, label: 'severe' },
      ],
    },
  ],
  cutOffs: [
    {
      id: 'clinical-range',
      scale: 'total',
      operator: '>=',
      value: 10,
      description: 'GAD-7 of 10 or more: a reasonable cut point for further evaluation.',
      source: 'Spitzer et al. 2006.',
    },
    {
      id: 'caseness',
      scale: 'total',
      operator: '>=',
      value: 8,
      description: 'GAD-7 of 8 or more: a clinical case in NHS Talking Therapies.',
      source: `${IAPT_MANUAL} ${IAPT_CRITERIA_TABLE}`,
    },
  ],
  reliableChange: [
    {
      scale: 'total',
      minimumChange: 4,
      source: `NHS Talking Therapies (IAPT): a GAD-7 change of 4 points or more is reliable (improvement when it falls, deterioration when it rises). ${IAPT_MANUAL} ${IAPT_CRITERIA_TABLE}`,
    },
  ],
  caseness: [
    {
      scale: 'total',
      cutOff: 'caseness',
      source: `NHS Talking Therapies (IAPT) caseness on the GAD-7: 8 or more. ${IAPT_RECOVERY} ${IAPT_MANUAL} ${IAPT_CRITERIA_TABLE}`,
    },
  ],
};
