import type { InstrumentDefinitionInput } from '../instrument-definition.ts';

/**
 * Rapport's own sociodemographic sheet for a client taking part in a study (issue 16): age
 * band, gender, education, work, relationship status and first language. NOT a
 * standardised instrument and not scored: it describes the sample, so it has no scales,
 * norms or cut-offs, and its answers are kept as given. The wording (English and Spanish) is
 * Rapport's own. Every item has "Prefer not to say", so every item can be required. A study
 * may narrow or rename the options of any item (study_measure.options, see
 * src/core/research/study-form-options.ts); the values stay these, so studies compare.
 */

const preferNot = { value: 99, label: { en: 'Prefer not to say', es: 'Prefiero no decirlo' } };

export const clientSociodemographic: InstrumentDefinitionInput = {
  id: 'client-sociodemographic',
  version: '1.0.0',
  title: 'Client sociodemographic form (Rapport, non-standardised)',
  citation:
    "Rapport's own wording (non-standardised, descriptive). A study's sample description; no scores.",
  wordingSource:
    "Rapport's own English and Spanish wording; not taken from any published instrument.",
  standardised: false,
  licence: {
    class: 'bundled',
    text: 'Part of Rapport (AGPL-3.0-or-later). Non-standardised and descriptive: nothing is scored and no norms are claimed.',
  },
  perspective: 'client',
  languages: ['en', 'es'],
  instructions: {
    en: 'A few questions about you, for the study you agreed to take part in. You can choose “Prefer not to say” for any of them.',
    es: 'Unas preguntas sobre usted, para el estudio en el que aceptó participar. En cualquiera de ellas puede elegir «Prefiero no decirlo».',
  },
  higherIsBetter: true,
  responseSets: [
    {
      id: 'age-band',
      options: [
        { value: 1, label: { en: 'Under 18', es: 'Menos de 18' } },
        { value: 2, label: { en: '18–24', es: '18–24' } },
        { value: 3, label: { en: '25–34', es: '25–34' } },
        { value: 4, label: { en: '35–44', es: '35–44' } },
        { value: 5, label: { en: '45–54', es: '45–54' } },
        { value: 6, label: { en: '55–64', es: '55–64' } },
        { value: 7, label: { en: '65 or over', es: '65 o más' } },
        preferNot,
      ],
    },
    {
      id: 'gender',
      options: [
        { value: 1, label: { en: 'Woman', es: 'Mujer' } },
        { value: 2, label: { en: 'Man', es: 'Hombre' } },
        { value: 3, label: { en: 'Non-binary', es: 'No binario' } },
        { value: 4, label: { en: 'Another gender', es: 'Otro género' } },
        preferNot,
      ],
    },
    {
      id: 'education',
      options: [
        { value: 1, label: { en: 'No formal education', es: 'Sin estudios formales' } },
        { value: 2, label: { en: 'Primary school', es: 'Educación primaria' } },
        {
          value: 3,
          label: { en: 'Lower secondary school', es: 'Educación secundaria obligatoria' },
        },
        {
          value: 4,
          label: {
            en: 'Upper secondary or vocational training',
            es: 'Bachillerato o formación profesional',
          },
        },
        { value: 5, label: { en: 'University degree', es: 'Grado universitario' } },
        {
          value: 6,
          label: { en: 'Master’s degree or doctorate', es: 'Máster o doctorado' },
        },
        preferNot,
      ],
    },
    {
      id: 'work',
      options: [
        { value: 1, label: { en: 'Employed full-time', es: 'Empleo a tiempo completo' } },
        { value: 2, label: { en: 'Employed part-time', es: 'Empleo a tiempo parcial' } },
        { value: 3, label: { en: 'Self-employed', es: 'Trabajo por cuenta propia' } },
        { value: 4, label: { en: 'Unemployed', es: 'Sin empleo' } },
        { value: 5, label: { en: 'Student', es: 'Estudiante' } },
        {
          value: 6,
          label: { en: 'Looking after home or family', es: 'Cuidado del hogar o de la familia' },
        },
        { value: 7, label: { en: 'Retired', es: 'Jubilación' } },
        {
          value: 8,
          label: {
            en: 'Unable to work (illness or disability)',
            es: 'Incapacidad laboral (enfermedad o discapacidad)',
          },
        },
        { value: 9, label: { en: 'Other', es: 'Otra situación' } },
        preferNot,
      ],
    },
    {
      id: 'relationship',
      options: [
        { value: 1, label: { en: 'Single', es: 'Sin pareja' } },
        {
          value: 2,
          label: { en: 'In a relationship, not living together', es: 'Con pareja, sin convivir' },
        },
        { value: 3, label: { en: 'Living with a partner', es: 'Conviviendo en pareja' } },
        {
          value: 4,
          label: {
            en: 'Married or in a civil partnership',
            es: 'En matrimonio o pareja de hecho',
          },
        },
        { value: 5, label: { en: 'Separated or divorced', es: 'En separación o divorcio' } },
        { value: 6, label: { en: 'Widowed', es: 'En viudedad' } },
        preferNot,
      ],
    },
    {
      id: 'language',
      options: [
        { value: 1, label: { en: 'Spanish', es: 'Español' } },
        { value: 2, label: { en: 'English', es: 'Inglés' } },
        { value: 3, label: { en: 'Catalan', es: 'Catalán' } },
        { value: 4, label: { en: 'Basque', es: 'Euskera' } },
        { value: 5, label: { en: 'Galician', es: 'Gallego' } },
        { value: 6, label: { en: 'Portuguese', es: 'Portugués' } },
        { value: 7, label: { en: 'French', es: 'Francés' } },
        { value: 8, label: { en: 'Arabic', es: 'Árabe' } },
        { value: 9, label: { en: 'Romanian', es: 'Rumano' } },
        { value: 10, label: { en: 'Another language', es: 'Otra lengua' } },
        preferNot,
      ],
    },
  ],
  items: [
    {
      id: '1',
      type: 'choice',
      text: { en: 'How old are you?', es: '¿Qué edad tiene?' },
      responses: 'age-band',
      required: true,
    },
    {
      id: '2',
      type: 'choice',
      text: { en: 'What is your gender?', es: '¿Cuál es su género?' },
      responses: 'gender',
      required: true,
    },
    {
      id: '3',
      type: 'choice',
      text: {
        en: 'What is the highest level of education you have completed?',
        es: '¿Cuál es el nivel de estudios más alto que ha completado?',
      },
      responses: 'education',
      required: true,
    },
    {
      id: '4',
      type: 'choice',
      text: {
        en: 'Which best describes your work situation now?',
        es: '¿Qué describe mejor su situación laboral actual?',
      },
      responses: 'work',
      required: true,
    },
    {
      id: '5',
      type: 'choice',
      text: {
        en: 'Which best describes your relationship status?',
        es: '¿Qué describe mejor su situación de pareja?',
      },
      responses: 'relationship',
      required: true,
    },
    {
      id: '6',
      type: 'choice',
      text: { en: 'What is your first language?', es: '¿Cuál es su lengua materna?' },
      responses: 'language',
      required: true,
    },
  ],
  scales: [],
  notes: [
    'Descriptive: no scales, no scores. Answers are kept as the chosen values (99 = prefer not to say).',
    'A study may narrow or rename the options of each item; the values never change.',
  ],
};
