import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Rapport's own end-of-session feedback form. NOT a standardised or validated instrument:
 * the open questions are our own wording in the spirit of Knox & Cooper (2015), and the two
 * rupture questions are the ones docs/methods.md specifies. "total" is the tension rating (0–4), the form's one scored
 * signal; a tension rating of 2 or more is a self-reported rupture (docs/methods.md,
 * "Self-reported rupture").
 */
export const sessionFeedback: InstrumentDefinitionInput = {
  id: 'session-feedback',
  // 1.1.0: the instructions no longer promise a reading "before the next session"; items and
  // scoring are those of 1.0.0.
  version: '1.1.0',
  title: 'End-of-session feedback (Rapport, non-standardised)',
  citation:
    "Rapport's own wording (non-standardised). Open questions in the spirit of: Knox R, Cooper M. The Therapeutic Relationship in Counselling and Psychotherapy. London: Sage; 2015.",
  wordingSource: "Rapport's own wording; not taken from any published instrument.",
  standardised: false,
  licence: {
    class: 'bundled',
    text: 'Part of Rapport (AGPL-3.0-or-later). Non-standardised: no norms, reliability or validity are claimed.',
  },
  perspective: 'client',
  languages: ['en'],
  instructions: {
    en: 'A few questions about today’s session. Your therapist can read your answers.',
  },
  higherIsBetter: false,
  responseSets: [
    {
      id: 'amount',
      options: [
        { value: 0, label: { en: 'Not at all' } },
        { value: 1, label: { en: 'A little' } },
        { value: 2, label: { en: 'Somewhat' } },
        { value: 3, label: { en: 'Quite a lot' } },
        { value: 4, label: { en: 'Very much' } },
      ],
    },
    {
      id: 'resolution',
      options: [
        { value: 0, label: { en: 'Not at all' } },
        { value: 1, label: { en: 'A little' } },
        { value: 2, label: { en: 'Partly' } },
        { value: 3, label: { en: 'Mostly' } },
        { value: 4, label: { en: 'Completely' } },
      ],
    },
  ],
  items: [
    {
      id: '1',
      type: 'text',
      text: { en: 'What, if anything, was helpful in today’s session?' },
    },
    {
      id: '2',
      type: 'text',
      text: { en: 'What, if anything, was unhelpful, or could have gone better?' },
    },
    {
      id: '3',
      type: 'choice',
      text: {
        en: 'Was there tension, misunderstanding or disagreement with your therapist today?',
      },
      responses: 'amount',
      required: true,
    },
    {
      id: '4',
      type: 'choice',
      text: { en: 'How far was it resolved?' },
      responses: 'resolution',
      enableWhen: { item: '3', operator: '!=', value: 0 },
    },
    {
      id: '5',
      type: 'text',
      text: { en: 'Is there anything you would like your therapist to know before next time?' },
    },
  ],
  scales: [
    {
      id: 'total',
      title: 'Tension, misunderstanding or disagreement (0–4)',
      items: ['3'],
      method: 'sum',
      range: { min: 0, max: 4 },
      missing: { maxMissing: 0, source: 'A single item: scored only when answered.' },
    },
    {
      id: 'tension',
      title: 'Tension, misunderstanding or disagreement (0–4)',
      items: ['3'],
      method: 'sum',
      range: { min: 0, max: 4 },
      missing: { maxMissing: 0, source: 'A single item: scored only when answered.' },
    },
    {
      id: 'resolution',
      title: 'How far it was resolved (0–4)',
      items: ['4'],
      method: 'sum',
      range: { min: 0, max: 4 },
      higherIsBetter: true,
      missing: {
        maxMissing: 0,
        source: 'A single item, asked only when there was tension: scored only when answered.',
      },
    },
  ],
  flags: [
    {
      id: 'rupture',
      item: '3',
      operator: '>=',
      value: 2,
      description: 'Self-reported rupture: tension rated 2 (Somewhat) or more.',
      source: 'docs/methods.md, "Self-reported rupture: session-feedback tension item ≥ 2".',
    },
  ],
  notes: ['Free-text answers are never logged and are left out of exports unless approved.'],
};
