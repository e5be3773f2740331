import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addFindingNumberFormats } from '../../core/alerts/render-finding-message.ts';
import { FINDING_CATALOGUES } from '../../core/alerts/finding-catalogues.ts';
import { en } from './en.ts';
import { es } from './es.ts';

export const LANGUAGES = { en: 'English', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;
const STORAGE_KEY = 'rapport.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'es') return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('es')) ? 'es' : 'en';
}

/** The staff app's translations: English and Spanish, bundled (no request to load them). */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  // Alert explanations come from the finding catalogues (src/core/alerts), under `findings.`.
  resources: {
    en: { translation: { ...en, findings: FINDING_CATALOGUES.en } },
    es: { translation: { ...es, findings: FINDING_CATALOGUES.es } },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  // React escapes what it renders; i18next must not escape it a second time.
  interpolation: { escapeValue: false },
  initAsync: false,
});
addFindingNumberFormats(i18n);
document.documentElement.lang = i18n.language;

export function changeLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
