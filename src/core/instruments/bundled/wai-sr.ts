import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Working Alliance Inventory – Short Revised, client form (Hatcher & Gillaspy 2006).
 *
 * Wording: the twelve WAI-SR items and the five frequency labels (Seldom … Always), checked
 * against independent reproductions that agree word for word apart from the therapist's name
 * (the form prints a blank, "_____", where the client reads the therapist's name). Item 9
 * keeps the form's "he/she". Subscales as published (Hatcher & Gillaspy 2006; docs/methods.md):
 * task 1, 2, 10, 12; bond 3, 5, 7, 9; goal 4, 6, 8, 11; no reverse-keyed items.
 */
const BLANK = '_____';

export const waiSr: InstrumentDefinitionInput = {
  id: 'wai-sr',
  version: '1.0.0',
  title: 'Working Alliance Inventory – Short Revised (WAI-SR), client',
  citation:
    'Hatcher RL, Gillaspy JA. Development and validation of a revised short version of the Working Alliance Inventory. Psychother Res. 2006;16(1):12-25. doi:10.1080/10503300500352500',
  wordingSource:
    'WAI-SR client form (Hatcher & Gillaspy 2006), compared against independent reproductions of the twelve items and the response labels.',
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'Working Alliance Inventory – Short Revised © Society for Psychotherapy Research. Open access for clinical and research use (wai.profhorvath.com); cite Hatcher & Gillaspy (2006).',
  },
  perspective: 'client',
  languages: ['en'],
  higherIsBetter: true,
  responseSets: [
    {
      id: 'frequency',
      options: [
        { value: 1, label: { en: 'Seldom' } },
        { value: 2, label: { en: 'Sometimes' } },
        { value: 3, label: { en: 'Fairly Often' } },
        { value: 4, label: { en: 'Very Often' } },
        { value: 5, label: { en: 'Always' } },
      ],
    },
  ],
  items: [
    'As a result of these sessions I am clearer as to how I might be able to change.',
    'What I am doing in therapy gives me new ways of looking at my problem.',
    `I believe ${BLANK} likes me.`,
    `${BLANK} and I collaborate on setting goals for my therapy.`,
    `${BLANK} and I respect each other.`,
    `${BLANK} and I are working towards mutually agreed upon goals.`,
    `I feel that ${BLANK} appreciates me.`,
    `${BLANK} and I agree on what is important for me to work on.`,
    `I feel ${BLANK} cares about me even when I do things that he/she does not approve of.`,
    'I feel that the things I do in therapy will help me to accomplish the changes that I want.',
    `${BLANK} and I have established a good understanding of the kind of changes that would be good for me.`,
    'I believe the way we are working with my problem is correct.',
  ].map((text, index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text },
    responses: 'frequency',
    required: true,
  })),
  scales: [
    {
      id: 'total',
      title: 'WAI-SR total',
      items: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
      method: 'sum',
      range: { min: 12, max: 60 },
      missing: {
        maxMissing: 2,
        source:
          'Hatcher & Gillaspy 2006 publish no missing-item rule. Conservative choice: prorate the total when at most 2 of 12 items are missing (at least 80% answered).',
      },
    },
    {
      id: 'goal',
      title: 'Goal',
      items: ['4', '6', '8', '11'],
      method: 'sum',
      range: { min: 4, max: 20 },
      missing: {
        maxMissing: 1,
        source: 'No published rule. Conservative choice: a 4-item subscale may miss one item.',
      },
    },
    {
      id: 'task',
      title: 'Task',
      items: ['1', '2', '10', '12'],
      method: 'sum',
      range: { min: 4, max: 20 },
      missing: {
        maxMissing: 1,
        source: 'No published rule. Conservative choice: a 4-item subscale may miss one item.',
      },
    },
    {
      id: 'bond',
      title: 'Bond',
      items: ['3', '5', '7', '9'],
      method: 'sum',
      range: { min: 4, max: 20 },
      missing: {
        maxMissing: 1,
        source: 'No published rule. Conservative choice: a 4-item subscale may miss one item.',
      },
    },
  ],
  notes: [
    'The blank (_____) stands for the therapist: the client reads their therapist’s name there.',
    'Alliance analytics use the item mean (1–5) so that forms of different length compare.',
  ],
};
