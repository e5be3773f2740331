import i18next, { type i18n } from 'i18next';
import type { FindingMessage, NestedMessage } from '../alliance/finding-message.ts';
import { FINDING_CATALOGUES } from './finding-catalogues.ts';

/** An i18next `t` (or anything shaped like it). */
export type Translate = (key: string, options: Record<string, unknown>) => string;

/**
 * A finding's explanation in the language of `t`: nested messages (a scale's name, a
 * clause) and lists are rendered first, then the sentence. The catalogues sit under
 * `findings.` in the translation namespace. Plain text: the caller escapes for its medium
 * (React does), so i18next must not escape a second time.
 */
export function renderFindingMessage(t: Translate, message: FindingMessage): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params)) {
    if (typeof value === 'string' || typeof value === 'number') values[name] = value;
    else if (isNestedList(value))
      values[name] = joinList(
        t,
        value.map((m) => render(t, m)),
      );
    else values[name] = render(t, value);
  }
  return render(t, { key: message.key, params: values });
}

function render(t: Translate, message: NestedMessage): string {
  return t(`findings.${message.key}`, {
    ...message.params,
    interpolation: { escapeValue: false },
  });
}

function isNestedList(value: unknown): value is readonly NestedMessage[] {
  return Array.isArray(value);
}

/** "a, b and c" in the catalogue's words (Intl.ListFormat would add an English serial comma). */
function joinList(t: Translate, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return render(t, {
    key: 'list.last',
    params: {
      init: items.slice(0, -1).join(render(t, { key: 'list.separator' })),
      last: items.at(-1) as string,
    },
  });
}

/**
 * The number formats the catalogues use, in the reader's locale: `score` with one decimal
 * ("2.8" / "2,8"), `decimal` with up to two. Values arrive rounded (the engine rounds them as
 * it always has), so formatting only localises. Every i18next instance that renders
 * findings needs them.
 */
export function addFindingNumberFormats(instance: i18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) throw new Error('i18next must be initialised before adding formats');
  formatter.add('score', (value: number, lng) => numberFormat(lng, 1, 1).format(value));
  formatter.add('decimal', (value: number, lng) => numberFormat(lng, 0, 2).format(value));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lng: string | undefined, min: number, max: number): Intl.NumberFormat {
  const id = `${lng ?? 'en'}:${min}:${max}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(lng ?? 'en', {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
    });
    numberFormats.set(id, format);
  }
  return format;
}

/**
 * A `t` for one language of the finding catalogues alone, for code that renders outside
 * the web app (tests, the CLI, mail). An unknown language falls back to English.
 */
export function createFindingTranslator(language: string): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(
      Object.entries(FINDING_CATALOGUES).map(([lng, findings]) => [
        lng,
        { translation: { findings } },
      ]),
    ),
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
  });
  addFindingNumberFormats(instance);
  return (key, options) => instance.t(key, options);
}

const translators = new Map<string, Translate>();

/** A finding's explanation in one language of the finding catalogues (English if unknown). */
export function renderFindingMessageIn(language: string, message: FindingMessage): string {
  let t = translators.get(language);
  if (!t) {
    t = createFindingTranslator(language);
    translators.set(language, t);
  }
  return renderFindingMessage(t, message);
}
