import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../components/language-switcher.tsx';
import { PasswordOnlyBanner } from '../components/password-only-banner.tsx';

/** The frame of the pages before signing in: banner, language, one card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="top">
        <PasswordOnlyBanner />
        <div className="top-bar">
          <span className="brand">{t('app.name')}</span>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="auth-card" id="main">
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}
