import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Satisfaction With Life Scale (Diener, Emmons, Larsen & Griffin 1985). Wording, the seven
 * response labels and the score bands: Diener's published form as reproduced with its
 * citations (Diener et al. 1985; Pavot & Diener 1993), checked against further reproductions.
 * The paper form's instruction refers to writing numbers on lines; its exact electronic
 * wording could not be confirmed, so no instruction text is shipped.
 */
const agreement = [
  [7, 'Strongly agree'],
  [6, 'Agree'],
  [5, 'Slightly agree'],
  [4, 'Neither agree nor disagree'],
  [3, 'Slightly disagree'],
  [2, 'Disagree'],
  [1, 'Strongly disagree'],
] as const;

export const swls: InstrumentDefinitionInput = {
  id: 'swls',
  // 1.1.0: says why it carries no reliable-change parameters; items and scoring are those of
  // 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'Satisfaction With Life Scale (SWLS)',
  citation:
    'Diener E, Emmons RA, Larsen RJ, Griffin S. The Satisfaction With Life Scale. J Pers Assess. 1985;49(1):71-75. doi:10.1207/s15327752jpa4901_13',
  wordingSource:
    "Diener's published SWLS form (1-7 agreement labels, five statements), compared against reproductions citing Diener et al. 1985 and Pavot & Diener 1993.",
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'Free to use in research and practice without permission or charge, with credit to the authors: Diener E, Emmons RA, Larsen RJ, Griffin S (1985).',
  },
  perspective: 'client',
  languages: ['en'],
  higherIsBetter: true,
  responseSets: [
    {
      id: 'agreement',
      options: agreement.map(([value, label]) => ({ value, label: { en: label } })),
    },
  ],
  items: [
    'In most ways my life is close to my ideal.',
    'The conditions of my life are excellent.',
    'I am satisfied with my life.',
    'So far I have gotten the important things I want in life.',
    'If I could live my life over, I would change almost nothing.',
  ].map((text, index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text },
    responses: 'agreement',
    required: true,
  })),
  scales: [
    {
      id: 'total',
      title: 'SWLS total',
      items: ['1', '2', '3', '4', '5'],
      method: 'sum',
      range: { min: 5, max: 35 },
      missing: {
        maxMissing: 0,
        source:
          'No missing-item rule is published with the SWLS. Conservative choice: score only complete forms (five items, each a fifth of the score).',
      },
    },
  ],
  bands: [
    {
      scale: 'total',
      source:
        "Diener's SWLS scoring notes (Pavot & Diener 1993): 5-9 extremely dissatisfied … 31-35 extremely satisfied.",
      levels: [
        { min: 5, label: 'extremely-dissatisfied' },
        { min: 10, label: 'dissatisfied' },
        { min: 15, label: 'slightly-dissatisfied' },
        { min: 20, label: 'neutral' },
        { min: 21, label: 'slightly-satisfied' },
        { min: 26, label: 'satisfied' },
        { min: 31, label: 'extremely-satisfied' },
      ],
    },
  ],
  noReliableChange: [
    {
      scale: 'total',
      reason: 'no-verified-norms',
      detail:
        'Diener et al. 1985 give a two-month test-retest r of .82 and alpha .87 for 176 undergraduates, but the SD of that sample could not be checked against the paper, and a reliable-change index needs both from one sample.',
    },
  ],
};
