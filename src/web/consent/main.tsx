import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsentApp } from './consent-app.tsx';
import './consent.css';

// The consent and receipt pages: their own entry (consent.html), light for a phone, sharing
// no chunk with the staff app's router or translations.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsentApp />
  </StrictMode>,
);
