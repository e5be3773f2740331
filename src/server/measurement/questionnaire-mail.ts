import type { MailMessage } from '../mail/mailer.ts';

export interface QuestionnaireMailInput {
  kind: 'delivery' | 'reminder';
  /** The request's language (the client's preferred one); Spanish or else English. */
  language: string;
  practiceName: string;
  link: string;
  expiresAt: string;
  timeZone: string;
}

/**
 * The mail that carries a client's link. Mail leaves our control, so it says no more than
 * who asks and why: the practice, "a minute of feedback about your session", the link and
 * until when it works. No name, no case, no instrument, no answer.
 */
export function questionnaireMail(to: string, input: QuestionnaireMailInput): MailMessage {
  const spanish = input.language.split('-')[0] === 'es';
  const until = new Intl.DateTimeFormat(spanish ? 'es' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: input.timeZone,
  }).format(new Date(input.expiresAt));
  const reminder = input.kind === 'reminder';
  if (spanish)
    return {
      to,
      subject: `${input.practiceName}: ${reminder ? 'recordatorio, ' : ''}un minuto sobre su sesión`,
      text: [
        reminder ? 'Un recordatorio:' : 'Hola:',
        '',
        `Su terapeuta de ${input.practiceName} le pide un minuto de su opinión sobre su sesión.`,
        '',
        'Abra este enlace en su teléfono o su ordenador:',
        input.link,
        '',
        `El enlace funciona hasta el ${until}. No lo comparta: es solo para usted.`,
      ].join('\n'),
    };
  return {
    to,
    subject: `${input.practiceName}: ${reminder ? 'a reminder, ' : ''}a minute about your session`,
    text: [
      reminder ? 'A reminder:' : 'Hello,',
      '',
      `Your therapist at ${input.practiceName} asks for a minute of feedback about your session.`,
      '',
      'Open this link on your phone or computer:',
      input.link,
      '',
      `The link works until ${until}. Please do not share it: it is yours alone.`,
    ].join('\n'),
  };
}
