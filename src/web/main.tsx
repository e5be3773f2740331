import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './app-shell.tsx';
import { SessionProvider } from './auth/session-context.tsx';
import { i18n } from './i18n/i18n.ts';
import { ForgotPasswordPage } from './pages/forgot-password-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ResetPasswordPage } from './pages/reset-password-page.tsx';
import { SecondFactorPage } from './pages/second-factor-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StaffHomePage } from './pages/staff-home-page.tsx';
import { TotpEnrolmentPage } from './pages/totp-enrolment-page.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/sign-in/code" element={<SecondFactorPage />} />
            <Route path="/sign-in/set-up" element={<TotpEnrolmentPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            {/* Staff pages: nested here, they get the header, the banner and sign-in. */}
            <Route path="/" element={<AppShell />}>
              <Route index element={<StaffHomePage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nextProvider>
  </StrictMode>,
);
