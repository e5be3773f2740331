import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Flourishing Scale (Diener, Wirtz, Tov, Kim-Prieto, Choi, Oishi & Biswas-Diener 2010).
 * Wording, instruction and the 1-7 labels: the scale as distributed by Diener with the note
 * that it "is copyrighted but may be used without permission" citing the 2010 article,
 * checked against further reproductions that agree on all eight statements.
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

export const flourishingScale: InstrumentDefinitionInput = {
  id: 'flourishing-scale',
  // 1.1.0: says why it carries no reliable-change parameters; items and scoring are those of
  // 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'Flourishing Scale (FS)',
  citation:
    'Diener E, Wirtz D, Tov W, Kim-Prieto C, Choi D, Oishi S, Biswas-Diener R. New well-being measures: short scales to assess flourishing and positive and negative feelings. Soc Indic Res. 2010;97(2):143-156. doi:10.1007/s11205-009-9493-y',
  wordingSource:
    "Diener's distributed Flourishing Scale (instruction, 1-7 agreement labels, eight statements), compared against independent reproductions.",
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'The scale is copyrighted but may be used without permission; cite Diener et al. (2010).',
  },
  perspective: 'client',
  languages: ['en'],
  instructions: {
    en: 'Below are 8 statements with which you may agree or disagree. Using the 1–7 scale below, indicate your agreement with each item by indicating that response for each statement.',
  },
  higherIsBetter: true,
  responseSets: [
    {
      id: 'agreement',
      options: agreement.map(([value, label]) => ({ value, label: { en: label } })),
    },
  ],
  items: [
    'I lead a purposeful and meaningful life',
    'My social relationships are supportive and rewarding',
    'I am engaged and interested in my daily activities',
    'I actively contribute to the happiness and well-being of others',
    'I am competent and capable in the activities that are important to me',
    'I am a good person and live a good life',
    'I am optimistic about my future',
    'People respect me',
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
      title: 'Flourishing Scale total',
      items: ['1', '2', '3', '4', '5', '6', '7', '8'],
      method: 'sum',
      range: { min: 8, max: 56 },
      missing: {
        maxMissing: 1,
        source:
          'No missing-item rule is published with the Flourishing Scale (a one-factor scale). Conservative choice: prorate (mean of answered items x 8) only when one item is missing.',
      },
    },
  ],
  noReliableChange: [
    {
      scale: 'total',
      reason: 'no-verified-norms',
      detail:
        'Searched Diener et al. 2010 and later validations (Hone et al. 2014; Schotanus-Dijkstra et al. 2016): no SD and reliability of one named sample could be read and checked.',
    },
  ],
};
