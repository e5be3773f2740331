import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './app-shell.tsx';
import { CasePage } from './case-view/case-page.tsx';
import { CaseloadPage } from './caseload/caseload-page.tsx';
import { InSessionPage } from './in-session/in-session-page.tsx';
import { SessionProvider } from './auth/session-context.tsx';
import { i18n } from './i18n/i18n.ts';
import { ForgotPasswordPage } from './pages/forgot-password-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ResetPasswordPage } from './pages/reset-password-page.tsx';
import { SecondFactorPage } from './pages/second-factor-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StaffHomePage } from './pages/staff-home-page.tsx';
import { TotpEnrolmentPage } from './pages/totp-enrolment-page.tsx';
import { CaseAlertsPage } from './alerts/case-alerts-page.tsx';
import { SupervisionQueuePage } from './supervision/supervision-queue-page.tsx';
import { AllianceSettingsPage } from './alerts/alliance-settings-page.tsx';
import { AdminApiTokensPage } from './admin/admin-api-tokens-page.tsx';
import { AdminAuditPage } from './admin/admin-audit-page.tsx';
import { AdminClinicsPage } from './admin/admin-clinics-page.tsx';
import { AdminHomePage } from './admin/admin-home-page.tsx';
import { AdminPlansPage } from './admin/admin-plans-page.tsx';
import { AdminClientImportPage } from './admin/admin-client-import-page.tsx';
import { AdminStaffPage } from './admin/admin-staff-page.tsx';
import { NewSessionPage } from './sessions/new-session-page.tsx';
import { SessionPage } from './sessions/session-page.tsx';
import { MyFormPage } from './therapist-forms/my-form-page.tsx';
import { MyFormsPage } from './therapist-forms/my-forms-page.tsx';
import { InterpreterSessionsPage } from './interpreter/interpreter-sessions-page.tsx';
import { CaseRecordPage } from './intake/case-record-page.tsx';
import { ClientPage } from './intake/client-page.tsx';
import { ClientsPage } from './intake/clients-page.tsx';
import { ClosedCasesPage } from './intake/closed-cases-page.tsx';
import { NewCasePage } from './intake/new-case-page.tsx';
import { InterpreterRegistryPage } from './research/interviews/interpreter-registry-page.tsx';
import { InterviewPage } from './research/interviews/interview-page.tsx';
import { ReviewQueuePage } from './research/interviews/review-queue-page.tsx';
import { StudyInterviewsPage } from './research/interviews/study-interviews-page.tsx';
import { StudiesPage } from './research/studies-page.tsx';
import { StudyAnalysesPage } from './research/analyses/study-analyses-page.tsx';
import { StudyExportsPage } from './research/export/study-exports-page.tsx';
import { StudyDashboardPage } from './research/study-dashboard-page.tsx';
import { StudyPage } from './research/study-page.tsx';
import { StaffConsentPage } from './consent/staff-consent-page.tsx';
import { PracticeReportPage } from './reports/practice-report-page.tsx';
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
            {/* The client's view on a tablet: no staff frame, nothing to navigate to. */}
            <Route path="/in-session" element={<InSessionPage />} />
            {/* Staff pages: nested here, they get the header, the banner and sign-in. */}
            <Route path="/" element={<AppShell />}>
              <Route index element={<StaffHomePage />} />
              <Route path="caseload" element={<CaseloadPage />} />
              <Route path="clients" element={<ClientsPage />} />
              <Route path="clients/:clientId" element={<ClientPage />} />
              <Route path="cases/new" element={<NewCasePage />} />
              <Route path="case-records" element={<ClosedCasesPage />} />
              <Route path="case-records/:caseId" element={<CaseRecordPage />} />
              <Route path="cases/:caseId" element={<CasePage />} />
              <Route path="cases/:caseId/alerts" element={<CaseAlertsPage />} />
              <Route path="supervision" element={<SupervisionQueuePage />} />
              <Route path="cases/:caseId/sessions/new" element={<NewSessionPage />} />
              <Route path="sessions/:sessionId" element={<SessionPage />} />
              <Route path="forms" element={<MyFormsPage />} />
              <Route path="forms/:formId" element={<MyFormPage />} />
              <Route path="interpreter" element={<InterpreterSessionsPage />} />
              <Route
                path="research/participations/:participantId/consent"
                element={<StaffConsentPage />}
              />
              <Route path="reports" element={<PracticeReportPage />} />
              <Route path="admin" element={<AdminHomePage />} />
              <Route path="admin/clinics" element={<AdminClinicsPage />} />
              <Route path="admin/staff" element={<AdminStaffPage />} />
              <Route path="admin/plans" element={<AdminPlansPage />} />
              <Route path="admin/client-import" element={<AdminClientImportPage />} />
              <Route path="admin/audit" element={<AdminAuditPage />} />
              <Route path="admin/api-tokens" element={<AdminApiTokensPage />} />
              <Route path="admin/alliance-settings" element={<AllianceSettingsPage />} />
              <Route path="research" element={<StudiesPage />} />
              <Route path="research/new" element={<StudyPage />} />
              <Route path="research/interpreters" element={<InterpreterRegistryPage />} />
              <Route path="research/:studyId" element={<StudyPage />} />
              <Route path="research/:studyId/dashboard" element={<StudyDashboardPage />} />
              <Route path="research/:studyId/interviews" element={<StudyInterviewsPage />} />
              <Route path="research/:studyId/interviews/review" element={<ReviewQueuePage />} />
              <Route path="research/:studyId/interviews/:taskId" element={<InterviewPage />} />
              <Route path="research/:studyId/analyses" element={<StudyAnalysesPage />} />
              <Route path="research/:studyId/exports" element={<StudyExportsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nextProvider>
  </StrictMode>,
);
