/**
 * The WAI forms print a blank where the client reads their therapist's name (docs/methods.md,
 * "Instruments": show the therapist's name there, or "your therapist", and change nothing
 * else of the wording). The blank is five or more underscores, as in the published forms.
 */
const BLANK = /_{5,}/g;

/** Words for "your therapist" per language of the form, at the start of a sentence and within. */
const YOUR_THERAPIST: Record<string, { start: string; within: string }> = {
  en: { start: 'Your therapist', within: 'your therapist' },
  es: { start: 'Su terapeuta', within: 'su terapeuta' },
};

export function fillTherapistBlank(
  text: string,
  therapistName: string | null,
  language: string,
): string {
  if (!BLANK.test(text)) return text;
  BLANK.lastIndex = 0;
  const words = YOUR_THERAPIST[language.split('-')[0]!] ?? YOUR_THERAPIST.en!;
  return text.replace(
    BLANK,
    (_blank, offset: number) => therapistName ?? (offset === 0 ? words.start : words.within),
  );
}
