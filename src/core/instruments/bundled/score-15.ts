import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * SCORE-15 Index of Family Functioning and Change (Stratton, Bland, Janes & Lask 2010).
 *
 * Wording, the instruction text and the five "Describes us" labels: the SCORE-15 protocol as
 * published in the PhenX Toolkit ("freely available; permission not required for use"),
 * checked against a practice's reproduction of the same form for the items the PhenX excerpt
 * did not show. Subscales: strengths and adaptability 1, 3, 6, 10, 15; overwhelmed by
 * difficulties 5, 7, 9, 11, 14; disrupted communication 2, 4, 8, 12, 13 (PhenX).
 *
 * Reverse keying (docs/methods.md: "verify reversal for a total"): boxes are numbered 1 = "Describes
 * us: Very well" … 5 = "Not at all", and the total is a "total family problem score" (PhenX).
 * For the strengths items (positively worded), "Very well" = 1 is already the low-problem end;
 * for the ten problem-worded items "Very well" = 1 is the high-problem end, so those ten are
 * reversed (6 − answer). Then every item, every subscale and the total run the same way: higher
 * = more difficulties. (Reversing the five strengths items of the opposite coding, 5 = very
 * well, gives numerically the same scores.)
 */
export const score15: InstrumentDefinitionInput = {
  id: 'score-15',
  // 1.1.0: says why it carries no reliable-change parameters; items and scoring are those of
  // 1.0.0, so scores of both versions compare.
  version: '1.1.0',
  title: 'SCORE-15 Index of Family Functioning and Change',
  citation:
    'Stratton P, Bland J, Janes E, Lask J. Developing an indicator of family function and a practicable outcome measure for systemic family and couple therapy: the SCORE. J Fam Ther. 2010;32(3):232-258. doi:10.1111/j.1467-6427.2010.00507.x',
  wordingSource:
    'SCORE-15 protocol in the PhenX Toolkit (protocol 662102), compared against a published reproduction of the form.',
  standardised: true,
  licence: {
    class: 'bundled',
    text: 'SCORE-15 (Stratton et al., Association for Family Therapy): freely available; permission not required for use. Cite Stratton et al. (2010).',
  },
  perspective: 'family-member',
  languages: ['en'],
  instructions: {
    en: 'We would like you to tell us about how you see your family at the moment. So we are asking for YOUR view of your family. When people say "your family" they often mean the people who live in your house. But we want you to choose who you want to count as the family you are going to describe.',
  },
  higherIsBetter: false,
  responseSets: [
    {
      id: 'describes-us',
      options: [
        { value: 1, label: { en: 'Describes us: Very well' } },
        { value: 2, label: { en: 'Describes us: Well' } },
        { value: 3, label: { en: 'Describes us: Partly' } },
        { value: 4, label: { en: 'Describes us: Not well' } },
        { value: 5, label: { en: 'Describes us: Not at all' } },
      ],
    },
  ],
  items: [
    ['In my family we talk to each other about things which matter to us', false],
    ['People often don’t tell each other the truth in my family', true],
    ['Each of us gets listened to in our family', false],
    ['It feels risky to disagree in our family', true],
    ['We find it hard to deal with everyday problems', true],
    ['We trust each other', false],
    ['It feels miserable in our family', true],
    ['When people in my family get angry they ignore each other on purpose', true],
    ['We seem to go from one crisis to another in my family', true],
    ['When one of us is upset they get looked after within the family', false],
    ['Things always seem to go wrong for my family', true],
    ['People in the family are nasty to each other', true],
    ['People in my family interfere too much in each other’s lives', true],
    ['In my family we blame each other when things go wrong', true],
    ['We are good at finding new ways to deal with things that are difficult', false],
  ].map(([text, reverse], index) => ({
    id: String(index + 1),
    type: 'choice' as const,
    text: { en: text as string },
    responses: 'describes-us',
    reverse: reverse as boolean,
    required: true,
  })),
  scales: [
    {
      id: 'total',
      title: 'SCORE-15 total (family problems)',
      items: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'],
      method: 'sum',
      range: { min: 15, max: 75 },
      missing: {
        maxMissing: 2,
        source:
          'No missing-item rule found in the sources used. Conservative choice: prorate the total when at most 2 of 15 items are missing.',
      },
    },
    {
      id: 'strengths',
      title: 'Strengths and adaptability (higher = fewer strengths)',
      items: ['1', '3', '6', '10', '15'],
      method: 'sum',
      range: { min: 5, max: 25 },
      missing: {
        maxMissing: 1,
        source:
          'No published rule found. Conservative choice: a 5-item subscale may miss one item.',
      },
    },
    {
      id: 'overwhelmed',
      title: 'Overwhelmed by difficulties',
      items: ['5', '7', '9', '11', '14'],
      method: 'sum',
      range: { min: 5, max: 25 },
      missing: {
        maxMissing: 1,
        source:
          'No published rule found. Conservative choice: a 5-item subscale may miss one item.',
      },
    },
    {
      id: 'communication',
      title: 'Disrupted communication',
      items: ['2', '4', '8', '12', '13'],
      method: 'sum',
      range: { min: 5, max: 25 },
      missing: {
        maxMissing: 1,
        source:
          'No published rule found. Conservative choice: a 5-item subscale may miss one item.',
      },
    },
  ],
  notes: [
    'For family members aged 12 and over; children aged 8–11 use the Child SCORE, which is not bundled.',
    'Many SCORE-15 reports use the item mean (1–5); every score here carries its item mean too.',
  ],
  noReliableChange: [
    {
      scale: 'total',
      reason: 'no-verified-norms',
      detail:
        'Searched Stratton et al. 2010 and later SCORE-15 validations: no SD and reliability of the total for one named sample could be read and checked.',
    },
  ],
};
