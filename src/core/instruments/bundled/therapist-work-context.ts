import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Rapport's own work-context sheet for a therapist taking part in a study (issue 16):
 * profession, years of experience, main theoretical orientation, clinic and weekly caseload.
 * NOT a standardised instrument and not scored: it describes the therapists of the sample,
 * so it has no scales, norms or cut-offs. The wording (English and Spanish) is Rapport's own.
 * The clinic options are placeholders a study renames to its own clinics and narrows to
 * their number (study_measure.options, src/core/research/study-form-options.ts).
 */

const preferNot = { value: 99, label: { en: 'Prefer not to say', es: 'Prefiero no decirlo' } };

export const therapistWorkContext: InstrumentDefinitionInput = {
  id: 'therapist-work-context',
  version: '1.0.0',
  title: 'Therapist work-context form (Rapport, non-standardised)',
  citation:
    "Rapport's own wording (non-standardised, descriptive). A study's description of its therapists; no scores.",
  wordingSource:
    "Rapport's own English and Spanish wording; not taken from any published instrument.",
  standardised: false,
  licence: {
    class: 'bundled',
    text: 'Part of Rapport (AGPL-3.0-or-later). Non-standardised and descriptive: nothing is scored and no norms are claimed.',
  },
  perspective: 'therapist',
  languages: ['en', 'es'],
  instructions: {
    en: 'About your work, for the study you agreed to take part in. Five questions.',
    es: 'Sobre su trabajo, para el estudio en el que aceptó participar. Cinco preguntas.',
  },
  higherIsBetter: true,
  responseSets: [
    {
      id: 'profession',
      options: [
        { value: 1, label: { en: 'Clinical psychologist', es: 'Psicología clínica' } },
        {
          value: 2,
          label: { en: 'Health or counselling psychologist', es: 'Psicología general sanitaria' },
        },
        { value: 3, label: { en: 'Psychiatrist', es: 'Psiquiatría' } },
        { value: 4, label: { en: 'Psychotherapist', es: 'Psicoterapia' } },
        { value: 5, label: { en: 'Counsellor', es: 'Counselling' } },
        { value: 6, label: { en: 'Social worker', es: 'Trabajo social' } },
        { value: 7, label: { en: 'Nurse', es: 'Enfermería' } },
        { value: 8, label: { en: 'In training', es: 'En formación' } },
        { value: 9, label: { en: 'Other', es: 'Otra profesión' } },
      ],
    },
    {
      id: 'experience',
      options: [
        { value: 1, label: { en: 'Less than 2 years', es: 'Menos de 2 años' } },
        { value: 2, label: { en: '2–4 years', es: '2–4 años' } },
        { value: 3, label: { en: '5–9 years', es: '5–9 años' } },
        { value: 4, label: { en: '10–19 years', es: '10–19 años' } },
        { value: 5, label: { en: '20 years or more', es: '20 años o más' } },
      ],
    },
    {
      id: 'orientation',
      options: [
        { value: 1, label: { en: 'Cognitive-behavioural', es: 'Cognitivo-conductual' } },
        {
          value: 2,
          label: {
            en: 'Contextual (ACT, DBT, mindfulness-based)',
            es: 'Contextual (ACT, DBT, basada en mindfulness)',
          },
        },
        {
          value: 3,
          label: { en: 'Psychodynamic or psychoanalytic', es: 'Psicodinámica o psicoanalítica' },
        },
        {
          value: 4,
          label: { en: 'Humanistic or person-centred', es: 'Humanista o centrada en la persona' },
        },
        { value: 5, label: { en: 'Systemic or family', es: 'Sistémica o familiar' } },
        { value: 6, label: { en: 'Integrative or eclectic', es: 'Integradora o ecléctica' } },
        { value: 7, label: { en: 'Other', es: 'Otra orientación' } },
        preferNot,
      ],
    },
    {
      id: 'clinic',
      options: [
        { value: 1, label: { en: 'Clinic 1', es: 'Centro 1' } },
        { value: 2, label: { en: 'Clinic 2', es: 'Centro 2' } },
        { value: 3, label: { en: 'Clinic 3', es: 'Centro 3' } },
        { value: 4, label: { en: 'Clinic 4', es: 'Centro 4' } },
        { value: 5, label: { en: 'Clinic 5', es: 'Centro 5' } },
        { value: 6, label: { en: 'Clinic 6', es: 'Centro 6' } },
      ],
    },
    {
      id: 'caseload',
      options: [
        { value: 1, label: { en: '1–5 clients', es: '1–5 clientes' } },
        { value: 2, label: { en: '6–10 clients', es: '6–10 clientes' } },
        { value: 3, label: { en: '11–15 clients', es: '11–15 clientes' } },
        { value: 4, label: { en: '16–20 clients', es: '16–20 clientes' } },
        { value: 5, label: { en: '21–30 clients', es: '21–30 clientes' } },
        { value: 6, label: { en: 'More than 30 clients', es: 'Más de 30 clientes' } },
      ],
    },
  ],
  items: [
    {
      id: '1',
      type: 'choice',
      text: { en: 'What is your profession?', es: '¿Cuál es su profesión?' },
      responses: 'profession',
      required: true,
    },
    {
      id: '2',
      type: 'choice',
      text: {
        en: 'How many years have you worked as a therapist?',
        es: '¿Cuántos años lleva trabajando como terapeuta?',
      },
      responses: 'experience',
      required: true,
    },
    {
      id: '3',
      type: 'choice',
      text: {
        en: 'What is your main theoretical orientation?',
        es: '¿Cuál es su orientación teórica principal?',
      },
      responses: 'orientation',
      required: true,
    },
    {
      id: '4',
      type: 'choice',
      text: {
        en: 'At which clinic do you see your clients in this study?',
        es: '¿En qué centro atiende a sus clientes de este estudio?',
      },
      responses: 'clinic',
      required: true,
    },
    {
      id: '5',
      type: 'choice',
      text: {
        en: 'How many clients do you see in a usual week?',
        es: '¿A cuántos clientes atiende en una semana habitual?',
      },
      responses: 'caseload',
      required: true,
    },
  ],
  scales: [],
  notes: [
    'Descriptive: no scales, no scores. Answers are kept as the chosen values (99 = prefer not to say).',
    'The clinic options are placeholders: a study renames them to its clinics and narrows them to their number.',
  ],
};
