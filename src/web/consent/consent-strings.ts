/**
 * The consent and receipt pages' own words, in English and Spanish, chosen by the consent
 * version's language. Kept apart from the staff app's bundle, like the questionnaire's.
 */
const en = {
  loading: 'Loading…',
  consentHeading: 'Consent to take part in a research study',
  'guardian-consentHeading': 'Consent for your child to take part in a research study',
  assentHeading: 'Do you want to take part in a research study?',
  investigator: 'Principal investigator: {name}',
  ethics: 'Ethics approval: {reference}',
  version: 'Consent version {n}',
  readFirst: 'Please read this information before you decide.',
  statementsHeading: 'Please tick each statement',
  nameLabel: 'Type your full name',
  nameHint: 'Typing your name is your signature.',
  agree: 'I agree to take part',
  decline: 'I do not agree',
  sending: 'Sending…',
  careUnchanged: 'Saying no changes nothing in your care.',
  missingTicks: 'To agree, please tick every statement.',
  missingName: 'Please type your full name.',
  nameTooLong: 'The name is longer than 200 characters.',
  problem: 'Something went wrong. Nothing was stored; please try again.',
  changed: 'The information has changed since you opened this page. Please read it again.',
  unavailableHeading: 'This link is not valid',
  unavailable:
    'It may have been used already, have expired or been withdrawn. Nothing has been stored. If you have questions, please ask your therapist.',
  receiptHeading: 'Your consent receipt',
  receiptConsented: 'You agreed to take part on {date}.',
  receiptDeclined: 'You chose not to take part on {date}. Nothing changes in your care.',
  keepThisPage: 'Keep the address of this page: it lets you download your receipt and withdraw.',
  download: 'Download your receipt (PDF)',
  withdrawHeading: 'Withdraw from the study',
  withdrawExplain:
    'You can withdraw at any time without giving a reason. It takes effect at once and changes nothing in your care.',
  withdraw: 'Withdraw',
  withdrawConfirm: 'Yes, withdraw from the study',
  withdrawCancel: 'Cancel',
  withdrawn: 'You have withdrawn from the study. You will not be asked anything more for it.',
  withdrawnDeleted: 'The data collected for the study only has been deleted.',
  receiptUnavailable: 'This receipt link is not valid.',
} as const;

export type ConsentStringKey = keyof typeof en;

const es: Record<ConsentStringKey, string> = {
  loading: 'Cargando…',
  consentHeading: 'Consentimiento para participar en un estudio de investigación',
  'guardian-consentHeading':
    'Consentimiento para que su hijo o hija participe en un estudio de investigación',
  assentHeading: '¿Quieres participar en un estudio de investigación?',
  investigator: 'Investigador/a principal: {name}',
  ethics: 'Aprobación ética: {reference}',
  version: 'Versión del consentimiento {n}',
  readFirst: 'Lea esta información antes de decidir.',
  statementsHeading: 'Marque cada una de las declaraciones',
  nameLabel: 'Escriba su nombre completo',
  nameHint: 'Escribir su nombre equivale a su firma.',
  agree: 'Acepto participar',
  decline: 'No acepto',
  sending: 'Enviando…',
  careUnchanged: 'Decir que no no cambia nada en su atención.',
  missingTicks: 'Para aceptar, marque todas las declaraciones.',
  missingName: 'Escriba su nombre completo.',
  nameTooLong: 'El nombre tiene más de 200 caracteres.',
  problem: 'Algo ha fallado. No se ha guardado nada; inténtelo de nuevo.',
  changed: 'La información ha cambiado desde que abrió esta página. Léala de nuevo.',
  unavailableHeading: 'Este enlace no es válido',
  unavailable:
    'Puede que ya se haya utilizado, que haya caducado o que se haya retirado. No se ha guardado nada. Si tiene preguntas, consulte a su terapeuta.',
  receiptHeading: 'Su justificante de consentimiento',
  receiptConsented: 'Aceptó participar el {date}.',
  receiptDeclined: 'Decidió no participar el {date}. Nada cambia en su atención.',
  keepThisPage:
    'Guarde la dirección de esta página: le permite descargar su justificante y retirarse.',
  download: 'Descargar su justificante (PDF)',
  withdrawHeading: 'Retirarse del estudio',
  withdrawExplain:
    'Puede retirarse en cualquier momento sin dar explicaciones. Tiene efecto inmediato y no cambia nada en su atención.',
  withdraw: 'Retirarse',
  withdrawConfirm: 'Sí, retirarme del estudio',
  withdrawCancel: 'Cancelar',
  withdrawn: 'Se ha retirado del estudio. No se le pedirá nada más para él.',
  withdrawnDeleted: 'Se han borrado los datos recogidos solo para el estudio.',
  receiptUnavailable: 'Este enlace al justificante no es válido.',
};

export type ConsentLanguage = 'en' | 'es';

export const consentLanguageOf = (tag: string | undefined): ConsentLanguage =>
  tag?.toLowerCase().startsWith('es') ? 'es' : 'en';

export function consentText(
  language: ConsentLanguage,
  key: ConsentStringKey,
  values: Record<string, string | number> = {},
): string {
  const text: string = (language === 'es' ? es : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
