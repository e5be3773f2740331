import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientImportReport } from '../../core/api/client-import.ts';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { ClinicSelect } from '../components/clinic-select.tsx';
import { FormError } from '../components/form-error.tsx';
import { confirmClientImport, fetchClinics, previewClientImport } from './admin-api.ts';
import { useLoad } from './use-load.ts';

const describe = (r: ClientImportReport) => ({
  clientsNew: r.clients.new,
  casesNew: r.cases.new,
  clientsPresent: r.clients.present,
  casesPresent: r.cases.present,
});

/**
 * /admin/client-import: an admin uploads a CSV of clients and their cases for one of their
 * clinics, reads what it would create (or every problem, by line and column), and confirms.
 * Everything from the file is shown as text, never as markup.
 */
export function AdminClientImportPage() {
  const { t } = useTranslation();
  const clinics = useLoad(fetchClinics);
  const [clinicId, setClinicId] = useState('');
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ClientImportReport | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = clinicId || clinics.data?.clinics[0]?.id || '';

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'validation'
          ? [e.detail, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };

  if (clinics.error) return <p role="alert">{clinics.error}</p>;
  if (!clinics.data) return null;
  if (clinics.data.clinics.length === 0) return <p>{t('intake.import.noClinic')}</p>;
  return (
    <>
      <h1>{t('intake.import.title')}</h1>
      <p>{t('intake.import.intro')}</p>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (csv === null) return;
          void run(async () => setPreview(await previewClientImport(chosen, csv)));
        }}
      >
        <ClinicSelect
          clinics={clinics.data.clinics}
          value={chosen}
          onChange={(next) => {
            setClinicId(next);
            setPreview(null);
          }}
        />
        <label>
          <span>{t('intake.import.file')}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => {
              setPreview(null);
              setDone(null);
              const file = e.target.files?.[0];
              if (file) void file.text().then(setCsv);
              else setCsv(null);
            }}
          />
        </label>
        <button type="submit" disabled={busy || csv === null}>
          {t('intake.import.check')}
        </button>
      </form>
      <FormError message={error} />
      <p role="status" className="status-line">
        {done}
      </p>

      {preview && !preview.valid && (
        <div className="table-wrap">
          <table data-testid="import-problems">
            <caption>{t('intake.import.problems', { count: preview.problems.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intake.import.line')}</th>
                <th scope="col">{t('intake.import.column')}</th>
                <th scope="col">{t('intake.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line || '–'}</td>
                  <td>{p.field}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {preview?.valid && (
        <>
          <p data-testid="import-summary">{t('intake.import.summary', describe(preview))}</p>
          <div className="table-wrap">
            <table data-testid="import-preview">
              <caption>{t('intake.import.caption', { rows: preview.rows })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('intake.import.line')}</th>
                  <th scope="col">{t('intake.import.case')}</th>
                  <th scope="col">{t('intake.import.members')}</th>
                  <th scope="col">{t('intake.import.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.caseList.map((c) => (
                  <tr key={c.line}>
                    <td>{c.line}</td>
                    <td>
                      {c.key} · {c.caseType} · {c.startDate}
                    </td>
                    <td>
                      <ul className="plain-list">
                        {c.members.map((m) => (
                          <li key={m.line}>
                            {m.givenName} {m.familyName} ({m.dateOfBirth ?? m.birthYear},{' '}
                            {t(`intake.relations.${m.relation}`, { defaultValue: m.relation })})
                            {m.outcome === 'present' && ` — ${t('intake.import.present')}`}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{t(`intake.import.${c.outcome}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const result = await confirmClientImport(chosen, csv ?? '');
                setPreview(null);
                setDone(t('intake.import.done', describe(result)));
              })
            }
          >
            {t('intake.import.confirm')}
          </button>
        </>
      )}
    </>
  );
}
