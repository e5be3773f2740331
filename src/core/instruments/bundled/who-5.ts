import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * WHO-5 Well-Being Index (WHO Regional Office for Europe 1998; Psychiatric Research Unit,
 * Mental Health Centre North Zealand, Hillerød). Wording: the 1998 English version, checked
 * against independent reproductions (ESM scale library entry citing WHO 1998, the Millisecond
 * implementation notes, clinic forms) which agree on the five statements, the six response
 * labels and the instruction sentence used here.
 */
export const who5: InstrumentDefinitionInput = {
  id: 'who-5',
  // 1.1.0: says why it carries no reliable-change parameters; items and scoring are those of
  // 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'WHO-5 Well-Being Index',
  citation:
    'World Health Organization Regional Office for Europe. Wellbeing Measures in Primary Health Care: The DepCare Project. Copenhagen: WHO; 1998. See also Topp CW, Østergaard SD, Søndergaard S, Bech P. The WHO-5 Well-Being Index: a systematic review of the literature. Psychother Psychosom. 2015;84(3):167-176.',
  wordingSource:
    'WHO-5 (1998 version), English, as distributed by the Psychiatric Research Unit, Mental Health Centre North Zealand; compared against independent reproductions.',
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'The WHO-5 may be used free of charge. Source: Psychiatric Research Unit, WHO Collaborating Centre in Mental Health, Frederiksborg General Hospital, DK-3400 Hillerød.',
  },
  perspective: 'client',
  languages: ['en'],
  instructions: {
    en: 'Please indicate for each of the five statements which is closest to how you have been feeling over the last two weeks.',
  },
  higherIsBetter: true,
  responseSets: [
    {
      id: 'time',
      options: [
        { value: 5, label: { en: 'All of the time' } },
        { value: 4, label: { en: 'Most of the time' } },
        { value: 3, label: { en: 'More than half of the time' } },
        { value: 2, label: { en: 'Less than half of the time' } },
        { value: 1, label: { en: 'Some of the time' } },
        { value: 0, label: { en: 'At no time' } },
      ],
    },
  ],
  items: [
    'I have felt cheerful and in good spirits',
    'I have felt calm and relaxed',
    'I have felt active and vigorous',
    'I woke up feeling fresh and rested',
    'My daily life has been filled with things that interest me',
  ].map((text, index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text },
    responses: 'time',
    required: true,
  })),
  scales: [
    {
      id: 'total',
      title: 'WHO-5 raw score',
      items: ['1', '2', '3', '4', '5'],
      method: 'sum',
      range: { min: 0, max: 25 },
      missing: {
        maxMissing: 0,
        source:
          'No missing-item rule is published with the WHO-5. Conservative choice: score only complete forms, because each item is a fifth of the score and the cut-off (13) sits mid-range.',
      },
    },
    {
      id: 'percent',
      title: 'WHO-5 percentage score (raw x 4)',
      items: ['1', '2', '3', '4', '5'],
      method: 'sum',
      multiplier: 4,
      range: { min: 0, max: 100 },
      missing: {
        maxMissing: 0,
        source: 'As the raw score (no published rule; complete forms only).',
      },
    },
  ],
  cutOffs: [
    {
      id: 'poor-wellbeing',
      scale: 'total',
      operator: '<',
      value: 13,
      description:
        'A raw score below 13 indicates poor well-being and is an indication for testing for depression.',
      source: 'WHO-5 scoring notes (Psychiatric Research Unit); Topp et al. 2015.',
    },
  ],
  bands: [
    {
      scale: 'total',
      source: 'WHO-5 scoring notes: a raw score below 13 indicates poor well-being.',
      levels: [
        { min: 0, label: 'poor-wellbeing' },
        { min: 13, label: 'not-poor-wellbeing' },
      ],
    },
  ],
  meaningfulChange: [
    {
      scale: 'percent',
      value: 10,
      source: 'Topp et al. 2015: a 10-point change in the percentage score is clinically relevant.',
    },
  ],
  noReliableChange: [
    {
      scale: 'total',
      reason: 'no-verified-norms',
      detail:
        "Searched for the SD and reliability of a named clinical or normative WHO-5 sample (Topp et al. 2015 review; the Psychiatric Research Unit's notes): none could be read and checked; the published 10-point change in the percentage score is kept as meaningfulChange, which is not a reliable-change criterion.",
    },
  ],
};
