import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QuestionnaireApp } from './questionnaire-app.tsx';
import './questionnaire.css';

// The client's page: its own entry (questionnaire.html), so a phone never downloads the
// staff app, its router or its translations.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QuestionnaireApp />
  </StrictMode>,
);
