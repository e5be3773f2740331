import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Rapport's own therapist rating of the session: one item each for the three parts of the
 * working alliance as Bordin (1979) defined them — agreement on goals, agreement on tasks,
 * and the bond — plus tension in the session. NOT a standardised or validated instrument:
 * the wording (English and Spanish) is Rapport's own, no norms are claimed, and it borrows no
 * WAI item. It answers on the WAI-SR's frequency metric (1–5) so that each item compares with
 * the client's WAI-SR mean item on the same subscale (docs/methods.md, "Client–therapist
 * discrepancy"). A site with a licence for a therapist WAI form imports it; that form then
 * takes this one's place for the discrepancy rule (src/server/alerts/build-alliance-case-history.ts).
 *
 * Bordin ES. The generalizability of the psychoanalytic concept of the working alliance.
 * Psychotherapy: Theory, Research & Practice. 1979;16(3):252-260. doi:10.1037/h0085885
 */
export const therapistSessionRating: InstrumentDefinitionInput = {
  id: 'therapist-session-rating',
  version: '1.0.0',
  title: 'Therapist session rating (Rapport, non-standardised)',
  citation:
    "Rapport's own wording (non-standardised). Concept: Bordin ES. The generalizability of the psychoanalytic concept of the working alliance. Psychotherapy: Theory, Research & Practice. 1979;16(3):252-260.",
  wordingSource:
    "Rapport's own English and Spanish wording; not taken from any published instrument.",
  standardised: false,
  licence: {
    class: 'bundled',
    text: 'Part of Rapport (AGPL-3.0-or-later). Non-standardised: no norms, reliability or validity are claimed.',
  },
  perspective: 'therapist',
  languages: ['en', 'es'],
  instructions: {
    en: 'About the session you have just had. In couple and family work, think of the clients together. Four questions, under half a minute.',
    es: 'Sobre la sesión que acaba de tener. En terapia de pareja o familiar, piense en el conjunto de los clientes. Cuatro preguntas, menos de medio minuto.',
  },
  higherIsBetter: true,
  responseSets: [
    {
      // Items: 1 goal, 2 task, 3 bond, 4 tension. The WAI-SR's frequency labels in English; the Spanish labels are Rapport's own, for
      // this form only (no official Spanish WAI-SR is bundled).
      id: 'frequency',
      options: [
        { value: 1, label: { en: 'Seldom', es: 'Rara vez' } },
        { value: 2, label: { en: 'Sometimes', es: 'A veces' } },
        { value: 3, label: { en: 'Fairly Often', es: 'Con bastante frecuencia' } },
        { value: 4, label: { en: 'Very Often', es: 'Muy a menudo' } },
        { value: 5, label: { en: 'Always', es: 'Siempre' } },
      ],
    },
    {
      id: 'amount',
      options: [
        { value: 0, label: { en: 'Not at all', es: 'Nada' } },
        { value: 1, label: { en: 'A little', es: 'Un poco' } },
        { value: 2, label: { en: 'Somewhat', es: 'Algo' } },
        { value: 3, label: { en: 'Quite a lot', es: 'Bastante' } },
        { value: 4, label: { en: 'Very much', es: 'Mucho' } },
      ],
    },
  ],
  items: [
    {
      id: '1',
      type: 'choice',
      text: {
        en: 'In this session, my client and I agreed on the goals we are working towards.',
        es: 'En esta sesión, mi cliente y yo estuvimos de acuerdo en los objetivos hacia los que trabajamos.',
      },
      responses: 'frequency',
      required: true,
    },
    {
      id: '2',
      type: 'choice',
      text: {
        en: 'In this session, my client and I agreed on how we work on them: on what we did together.',
        es: 'En esta sesión, mi cliente y yo estuvimos de acuerdo en cómo trabajamos en ellos: en lo que hicimos juntos.',
      },
      responses: 'frequency',
      required: true,
    },
    {
      id: '3',
      type: 'choice',
      text: {
        en: 'In this session, I felt a bond of trust and mutual respect with my client.',
        es: 'En esta sesión, sentí un vínculo de confianza y respeto mutuo con mi cliente.',
      },
      responses: 'frequency',
      required: true,
    },
    {
      id: '4',
      type: 'choice',
      text: {
        en: 'Was there tension, misunderstanding or disagreement with your client in this session?',
        es: '¿Hubo tensión, malentendidos o desacuerdo con su cliente en esta sesión?',
      },
      responses: 'amount',
      required: true,
    },
  ],
  scales: [
    {
      id: 'total',
      title: 'Alliance as the therapist saw it (mean of goal, task and bond, 1–5)',
      items: ['1', '2', '3'],
      method: 'mean',
      range: { min: 1, max: 5 },
      missing: { maxMissing: 0, source: 'Three single items: scored only when all are answered.' },
    },
    ...(['goal', 'task', 'bond'] as const).map((id, index) => ({
      id,
      title: { goal: 'Goal', task: 'Task', bond: 'Bond' }[id],
      items: [String(index + 1)],
      method: 'mean' as const,
      range: { min: 1, max: 5 },
      missing: { maxMissing: 0, source: 'A single item: scored only when answered.' },
    })),
    {
      id: 'tension',
      title: 'Tension, misunderstanding or disagreement (0–4)',
      items: ['4'],
      method: 'sum',
      range: { min: 0, max: 4 },
      higherIsBetter: false,
      missing: { maxMissing: 0, source: 'A single item: scored only when answered.' },
    },
  ],
  notes: [
    'Each alliance item is compared with the client’s WAI-SR mean item on the same subscale (1–5); the total is the mean of the three.',
    'Non-standardised: a site with a licensed therapist WAI form imports it, and that form takes this one’s place for the discrepancy rule.',
  ],
};
