import type { InstrumentDefinitionInput } from '../instrument-definition.ts';
import { IAPT_CRITERIA_TABLE, IAPT_MANUAL, IAPT_RECOVERY } from './iapt-outcome-criteria.ts';

/**
 * PHQ-9 (Kroenke, Spitzer & Williams 2001).
 *
 * Wording: the English (US) PHQ-9 form "Developed by Drs. Robert L. Spitzer, Janet B.W.
 * Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No
 * permission required to reproduce, translate, display or distribute." — checked word for word
 * against two reproductions of that form (an NHS practice's online PHQ-9 and a printed copy
 * carrying the Pfizer notice), which agree. The form's tenth, unscored question ("If you
 * checked off any problems, how difficult ...") is not included: it is not part of the score.
 * LOINC codes: panel 44249-1, items 44250-9 … 44260-8, total 44261-6, answers LA6568-5 …
 * LA6571-9 (as used by the LOINC/LHC-Forms PHQ-9 Questionnaire).
 */
const loinc = (code: string, display?: string) => ({
  system: 'http://loinc.org',
  code,
  ...(display === undefined ? {} : { display }),
});

export const phq9: InstrumentDefinitionInput = {
  id: 'phq-9',
  // 1.1.0: adds the NHS Talking Therapies reliable-change criterion and caseness; items,
  // scoring, bands and cut-offs are those of 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'Patient Health Questionnaire (PHQ-9)',
  citation:
    'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606-613. doi:10.1046/j.1525-1497.2001.016009606.x',
  wordingSource:
    'PHQ-9 English form (Pfizer Inc.; developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues), compared against two published reproductions of the form.',
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  },
  perspective: 'client',
  languages: ['en'],
  instructions: {
    en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  },
  coding: loinc('44249-1', 'PHQ-9 quick depression assessment panel'),
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
    ['44250-9', 'Little interest or pleasure in doing things'],
    ['44255-8', 'Feeling down, depressed, or hopeless'],
    ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
    ['44254-1', 'Feeling tired or having little energy'],
    ['44251-7', 'Poor appetite or overeating'],
    [
      '44258-2',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    ],
    [
      '44252-5',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
    ],
    [
      '44253-3',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    ],
    ['44260-8', 'Thoughts that you would be better off dead or of hurting yourself in some way'],
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
      title: 'PHQ-9 total',
      items: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
      method: 'sum',
      range: { min: 0, max: 27 },
      missing: {
        maxMissing: 1,
        source:
          'No missing-item rule found in Kroenke et al. 2001. Conservative choice: prorate (mean of answered items x 9) only when one item is missing, because each item is a DSM criterion and the bands are 5 points wide.',
      },
      coding: loinc(
        '44261-6',
        'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
      ),
    },
  ],
  bands: [
    {
      scale: 'total',
      source:
        'Kroenke et al. 2001: scores of 5, 10, 15 and 20 represent mild, moderate, moderately severe and severe depression.',
      levels: [
        { min: 0, label: 'minimal' },
        { min: 5, label: 'mild' },
        { min: 10, label: 'moderate' },
        { min: 15, label: 'moderately-severe' },
        { min: 20, label: 'severe' },
      ],
    },
  ],
  cutOffs: [
    {
      id: 'clinical-range',
      scale: 'total',
      operator: '>=',
      value: 10,
      description:
        'PHQ-9 of 10 or more: likely major depression (sensitivity 88%, specificity 88%).',
      source: 'Kroenke et al. 2001.',
    },
  ],
  flags: [
    {
      id: 'risk',
      item: '9',
      operator: '>',
      value: 0,
      description:
        'Any answer above "Not at all" to item 9 (thoughts of being better off dead or of self-harm) needs a risk follow-up before the next session, whatever the total.',
      source: 'docs/methods.md (PHQ-9 item 9 > 0 → risk alert); Kroenke et al. 2001.',
    },
  ],
  reliableChange: [
    {
      scale: 'total',
      minimumChange: 6,
      source: `NHS Talking Therapies (IAPT): a PHQ-9 change of 6 points or more is reliable (improvement when it falls, deterioration when it rises). ${IAPT_MANUAL} ${IAPT_CRITERIA_TABLE}`,
    },
  ],
  caseness: [
    {
      scale: 'total',
      cutOff: 'clinical-range',
      source: `NHS Talking Therapies (IAPT) caseness on the PHQ-9: 10 or more (the same line as Kroenke et al. 2001). ${IAPT_RECOVERY} ${IAPT_MANUAL} ${IAPT_CRITERIA_TABLE}`,
    },
  ],
  notes: [
    'A missing item 9 means the risk question was not answered: scores say so in their reasons.',
  ],
};
