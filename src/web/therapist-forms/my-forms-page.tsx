import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../auth/error-message.ts';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { type MyFormRequest, fetchMyForms } from './therapist-forms-api.ts';

/** /forms: the signed-in therapist's own forms still to answer, one per session. */
export function MyFormsPage() {
  const { t, i18n } = useTranslation();
  const [forms, setForms] = useState<MyFormRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchMyForms()
      .then((r) => setForms(r.forms))
      .catch((e: unknown) => setError(errorMessage(t, e)));
  }, [t]);

  return (
    <>
      <h1>{t('therapistForms.title')}</h1>
      {error && <p role="alert">{error}</p>}
      {!forms && !error && <p role="status">{t('app.loading')}</p>}
      {forms?.length === 0 && <p>{t('therapistForms.none')}</p>}
      {forms && forms.length > 0 && (
        <ul className="my-forms">
          {forms.map((f) => (
            <li key={f.id}>
              <Link to={`/forms/${encodeURIComponent(f.id)}`}>
                {t('therapistForms.formFor', {
                  number: f.sessionNumber,
                  reference: f.caseReference,
                })}
              </Link>
              <span className="hint">
                {' '}
                · {formatZonedDateTime(f.sessionStartsAt, f.clinicTimeZone, i18n.language)} ·{' '}
                {t('therapistForms.expires', {
                  when: formatZonedDateTime(f.expiresAt, f.clinicTimeZone, i18n.language),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
