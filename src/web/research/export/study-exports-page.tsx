import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { StudyExportLink } from '../../../core/api/research-export.ts';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { ScrollTable } from '../../components/scroll-table.tsx';
import {
  type StudyExportList,
  type StudyView,
  createStudyExport,
  fetchStudy,
  fetchStudyExports,
} from '../research-api.ts';

/**
 * /research/:studyId/exports: the study team asks for a de-identified export (issue 18) and
 * gets a download link that works once, for 10 minutes; earlier exports are listed with who
 * asked, when, and each file's rows and SHA-256 from the manifest.
 */
export function StudyExportsPage() {
  const { t, i18n } = useTranslation();
  const { studyId } = useParams();
  const [study, setStudy] = useState<StudyView | null>(null);
  const [list, setList] = useState<StudyExportList | null>(null);
  const [items, setItems] = useState(true);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<StudyExportLink | null>(null);
  const [used, setUsed] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fail = (e: unknown) =>
    setError(e instanceof ApiError && e.status === 404 ? t('research.none') : errorMessage(t, e));

  useEffect(() => {
    if (!studyId) return;
    Promise.all([fetchStudy(studyId), fetchStudyExports(studyId)])
      .then(([s, l]) => {
        setStudy(s);
        setList(l);
      })
      .catch(fail);
  }, [studyId]);

  if (error && !study)
    return (
      <>
        <h1>{t('research.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!study || !list || !studyId) return <p role="status">{t('app.loading')}</p>;

  const exportNow = () => {
    setBusy(true);
    setError(null);
    setLink(null);
    setUsed(false);
    createStudyExport(studyId, { items })
      .then(async (created) => {
        setLink(created);
        setList(await fetchStudyExports(studyId));
      })
      .catch(fail)
      .finally(() => setBusy(false));
  };
  // The link works once: after the click it gives way, and the list is read again until the
  // export's manifest (stored when the ZIP's last byte is sent) is there: after 1, 2, 4 and 8
  // seconds at most, so a slow download adds at most four audited reads of the list.
  const downloaded = (id: string) => {
    setLink(null);
    setUsed(true);
    const poll = async (waitMs: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      const next = await fetchStudyExports(studyId);
      setList(next);
      if (waitMs < 8000 && !next.exports.some((x) => x.id === id && x.manifest))
        return poll(waitMs * 2);
    };
    poll(1000).catch(fail);
  };
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <>
      <p>
        <Link to={`/research/${encodeURIComponent(study.id)}`}>{t('studyExports.back')}</Link>
      </p>
      <h1 className="typed-heading">{t('studyExports.title', { title: study.title })}</h1>
      <p className="hint">{t('studyExports.intro', { k: study.minCellSize })}</p>

      <div className="panel">
        <p>
          <label>
            <input type="checkbox" checked={items} onChange={(e) => setItems(e.target.checked)} />{' '}
            {t('studyExports.items')}
          </label>
        </p>
        <button type="button" onClick={exportNow} disabled={busy}>
          {t('studyExports.exportNow')}
        </button>
        {busy && <p role="status">{t('studyExports.working')}</p>}
        {error && <p role="alert">{error}</p>}
        {link && (
          <p data-testid="export-link">
            <a href={link.downloadPath} download onClick={() => downloaded(link.id)}>
              {t('studyExports.download')}
            </a>{' '}
            <span className="hint">{t('studyExports.expires')}</span>
          </p>
        )}
        {used && <p className="hint">{t('studyExports.used')}</p>}
      </div>

      <section aria-labelledby="exports-earlier" className="panel">
        <h2 id="exports-earlier">{t('studyExports.earlier')}</h2>
        {list.exports.length === 0 ? (
          <p>{t('studyExports.none')}</p>
        ) : (
          <ScrollTable label={t('studyExports.caption')} testId="exports-table">
            <thead>
              <tr>
                <th scope="col">{t('studyExports.when')}</th>
                <th scope="col">{t('studyExports.who')}</th>
                <th scope="col">{t('studyExports.rows')}</th>
                <th scope="col">{t('studyExports.files')}</th>
              </tr>
            </thead>
            <tbody>
              {list.exports.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{when(x.createdAt)}</th>
                  <td>{x.channel === 'cli' ? t('studyExports.cli') : (x.createdBy ?? '—')}</td>
                  <td>
                    {x.manifest
                      ? x.manifest.files
                          .filter((f) => f.rows !== null)
                          .map((f) =>
                            t('studyExports.fileRows', {
                              name: f.name,
                              rows: f.rows!.toLocaleString(i18n.language),
                            }),
                          )
                          .join('; ')
                      : t('studyExports.notWritten')}
                  </td>
                  <td>
                    {x.manifest && (
                      <ul>
                        {x.manifest.files.map((f) => (
                          <li key={f.name}>
                            {f.name}: <code>{f.sha256}</code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>
    </>
  );
}
