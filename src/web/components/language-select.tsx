import { useTranslation } from 'react-i18next';
import { languageName } from '../case-view/format-zoned-time.ts';

/**
 * The languages a staff form offers: those of the bundled forms and of clients seen most in
 * the practices Rapport was built with, as BCP 47 tags. A stored tag not listed here (pt-AO,
 * say) is kept and shown as a choice of its own, so saving a form never changes it.
 */
export const LANGUAGE_CHOICES = [
  'ar',
  'bn',
  'ca',
  'de',
  'el',
  'en',
  'es',
  'eu',
  'fa',
  'fr',
  'gl',
  'he',
  'hi',
  'it',
  'ja',
  'ko',
  'nl',
  'pl',
  'ps',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'so',
  'sq',
  'sv',
  'ti',
  'tr',
  'uk',
  'ur',
  'vi',
  'zh',
] as const;

/** The choices, named in the page's language and sorted by name, `current` among them. */
export function languageOptions(
  locale: string,
  current?: string,
): { tag: string; label: string }[] {
  const tags = new Set<string>(LANGUAGE_CHOICES);
  if (current) tags.add(current);
  return [...tags]
    .map((tag) => ({ tag, label: languageName(tag, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A choice list of languages (a `<select>`), for a form field or a controlled value. */
export function LanguageSelect(props: {
  name?: string;
  value?: string;
  defaultValue?: string;
  onChange?: (tag: string) => void;
  id?: string;
  required?: boolean;
  'aria-describedby'?: string;
}) {
  const { i18n } = useTranslation();
  const { onChange, defaultValue, value, ...rest } = props;
  return (
    <select
      {...rest}
      {...(value === undefined ? { defaultValue: defaultValue ?? 'en' } : { value })}
      onChange={onChange && ((e) => onChange(e.target.value))}
    >
      {languageOptions(i18n.language, value ?? defaultValue).map((o) => (
        <option key={o.tag} value={o.tag}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Several languages ticked from the same choices (an interpreter's), sent as `name` values. */
export function LanguageCheckboxes(props: { name: string; legend: string }) {
  const { i18n } = useTranslation();
  return (
    <fieldset className="language-checkboxes">
      <legend>{props.legend}</legend>
      {languageOptions(i18n.language).map((o) => (
        <label key={o.tag} className="check">
          <input type="checkbox" name={props.name} value={o.tag} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
