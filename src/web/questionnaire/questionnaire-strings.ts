/**
 * The questionnaire page's own words, in English and Spanish. Kept apart from the staff
 * app's i18next bundle so a client's phone downloads only this (see bench/README.md).
 * Instrument texts are not here: they come from the instrument file, in its own languages.
 */
const en = {
  title: 'Your questionnaire',
  loading: 'Loading…',
  greeting: 'Hello {name}.',
  intro: 'A few questions about your session.',
  aboutOneMinute: 'It takes about a minute.',
  aboutMinutes: 'It takes about {n} minutes.',
  notInYourLanguage:
    'This questionnaire is not available in your language yet, so it is shown in {shown}, as published.',
  progress: '{n} of {total}',
  progressLabel: 'Questionnaire {n} of {total}',
  noticeHeading: 'Before you start',
  noticeContinue: 'Continue',
  required: 'Required',
  optional: 'Optional',
  send: 'Send',
  sendAndContinue: 'Send and continue',
  sending: 'Sending…',
  missing: 'Please answer every required question. The first one still open is highlighted.',
  offline: 'Your answers are saved on this phone. They will be sent when you are back online.',
  retry: 'Try again now',
  doneHeading: 'Thank you',
  done: 'Your answers have been sent. You can close this page.',
  unavailableHeading: 'This link is no longer available',
  unavailable:
    'It may have expired or already been used. If you have questions, please ask your therapist.',
  problem: 'Something went wrong. Your answers are saved on this phone; please try again.',
} as const;

export type StringKey = keyof typeof en;

const es: Record<StringKey, string> = {
  title: 'Su cuestionario',
  loading: 'Cargando…',
  greeting: 'Hola, {name}.',
  intro: 'Unas preguntas sobre su sesión.',
  aboutOneMinute: 'Le llevará más o menos un minuto.',
  aboutMinutes: 'Le llevará unos {n} minutos.',
  notInYourLanguage:
    'Este cuestionario aún no está disponible en su idioma, por eso se muestra en {shown}, tal como se publicó.',
  progress: '{n} de {total}',
  progressLabel: 'Cuestionario {n} de {total}',
  noticeHeading: 'Antes de empezar',
  noticeContinue: 'Continuar',
  required: 'Obligatoria',
  optional: 'Opcional',
  send: 'Enviar',
  sendAndContinue: 'Enviar y continuar',
  sending: 'Enviando…',
  missing: 'Responda a todas las preguntas obligatorias. Se ha resaltado la primera que falta.',
  offline:
    'Sus respuestas están guardadas en este teléfono. Se enviarán cuando vuelva a tener conexión.',
  retry: 'Intentarlo ahora',
  doneHeading: 'Gracias',
  done: 'Sus respuestas se han enviado. Ya puede cerrar esta página.',
  unavailableHeading: 'Este enlace ya no está disponible',
  unavailable:
    'Puede que haya caducado o que ya se haya utilizado. Si tiene preguntas, consulte a su terapeuta.',
  problem: 'Algo ha fallado. Sus respuestas están guardadas en este teléfono; inténtelo de nuevo.',
};

export type PageLanguage = 'en' | 'es';

export const pageLanguageOf = (tag: string | undefined): PageLanguage =>
  tag?.toLowerCase().startsWith('es') ? 'es' : 'en';

export function translate(
  language: PageLanguage,
  key: StringKey,
  values: Record<string, string | number> = {},
): string {
  const text: string = (language === 'es' ? es : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A language's name in the page's language ("English", "inglés"). */
export function languageName(tag: string, page: PageLanguage): string {
  return new Intl.DisplayNames([page], { type: 'language' }).of(tag) ?? tag;
}
