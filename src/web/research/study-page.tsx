import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';
import { ConsentVersionsPanel } from './consent-versions-panel.tsx';
import {
  type ConsentVersionView,
  type StudyChoices,
  type StudyView,
  changeStudy,
  createStudy,
  fetchConsentVersions,
  fetchParticipants,
  fetchStudy,
  fetchStudyChoices,
} from './research-api.ts';
import { StudyForm } from './study-form.tsx';

type Participants = Awaited<ReturnType<typeof fetchParticipants>>['participants'];

interface Loaded {
  choices: StudyChoices;
  study: StudyView | null;
  versions: ConsentVersionView[];
  participants: Participants;
}

const NEXT_STATUS = { draft: 'recruiting', recruiting: 'closed', closed: null } as const;

/**
 * /research/new and /research/:studyId: the study form, its status (forward only), its
 * consent versions with a preview, and its participants by pseudonym.
 */
export function StudyPage() {
  const { t, i18n } = useTranslation();
  const { studyId } = useParams();
  const navigate = useNavigate();
  const { session } = useSession();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);

  const load = useCallback(() => {
    const id = studyId;
    Promise.all([
      fetchStudyChoices(),
      id ? fetchStudy(id) : Promise.resolve(null),
      id ? fetchConsentVersions(id) : Promise.resolve({ consentVersions: [] }),
      id ? fetchParticipants(id) : Promise.resolve({ participants: [] }),
    ])
      .then(([choices, study, versions, participants]) => {
        setData({
          choices,
          study,
          versions: versions.consentVersions,
          participants: participants.participants,
        });
        setError(null);
      })
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? t('research.none') : errorMessage(t, e),
        ),
      );
  }, [studyId]);
  useEffect(load, [load]);

  if (error)
    return (
      <>
        <h1>{t('research.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { study } = data;
  const next = study ? NEXT_STATUS[study.status] : null;

  return (
    <>
      <p>
        <Link to="/research">{t('research.back')}</Link>
      </p>
      <h1>{study ? study.title : t('research.newStudy')}</h1>
      {study && (
        <p>
          <Link to={`/research/${encodeURIComponent(study.id)}/dashboard`}>
            {t('studyDashboard.link')}
          </Link>
          {' · '}
          <Link to={`/research/${encodeURIComponent(study.id)}/interviews`}>
            {t('interviews.link')}
          </Link>
          {' · '}
          <Link to={`/research/${encodeURIComponent(study.id)}/analyses`}>
            {t('studyAnalyses.link')}
          </Link>
          {' · '}
          <Link to={`/research/${encodeURIComponent(study.id)}/exports`}>
            {t('studyExports.link')}
          </Link>
        </p>
      )}

      {study && (
        <section aria-labelledby="study-status" className="panel">
          <h2 id="study-status">{t('research.statusSection.heading')}</h2>
          <p data-testid="study-status">
            {t('research.statusSection.current', { status: t(`research.status.${study.status}`) })}
          </p>
          <p className="hint">{t('research.statusSection.forwardOnly')}</p>
          {next && (
            <button
              type="button"
              onClick={() => {
                setStatusError(null);
                changeStudy(study.id, { status: next })
                  .then(load)
                  .catch((e: unknown) =>
                    setStatusError(e instanceof ApiError ? e.detail : errorMessage(t, e)),
                  );
              }}
            >
              {t('research.statusSection.moveTo', { status: t(`research.status.${next}`) })}
            </button>
          )}
          <FormError message={statusError} />
        </section>
      )}

      <section aria-labelledby="study-details" className="panel">
        <h2 id="study-details">{t('research.form.heading')}</h2>
        <StudyForm
          key={study?.updatedAt ?? 'new'}
          study={study}
          choices={data.choices}
          me={session?.staff?.id ?? ''}
          onSave={async (body) => {
            if (study) {
              await changeStudy(study.id, body);
              load();
            } else {
              const created = await createStudy(body);
              void navigate(`/research/${encodeURIComponent(created.id)}`);
            }
          }}
        />
      </section>

      {study && (
        <ConsentVersionsPanel studyId={study.id} versions={data.versions} onChange={load} />
      )}

      {study && (
        <section aria-labelledby="study-participants" className="panel">
          <h2 id="study-participants">{t('research.people.heading')}</h2>
          {data.participants.length === 0 ? (
            <p>{t('research.people.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption>{t('research.people.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('research.people.pseudonym')}</th>
                    <th scope="col">{t('research.people.role')}</th>
                    <th scope="col">{t('research.people.clinic')}</th>
                    <th scope="col">{t('research.people.status')}</th>
                    <th scope="col">{t('research.people.consent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.participants.map((p) => (
                    <tr key={p.id} data-testid="participant-row">
                      <th scope="row">{p.pseudonym}</th>
                      <td>{t(`research.form.respondents.${p.role}`)}</td>
                      <td>{p.clinicName}</td>
                      <td>{t(`research.people.statuses.${p.status}`)}</td>
                      <td>
                        {p.consentVersion !== null &&
                          t('research.people.consentValue', {
                            version: p.consentVersion,
                            language: p.consentLanguage,
                            date: new Date(p.consentedAt!).toLocaleDateString(i18n.language),
                          })}
                        {p.needsReconsent && ` (${t('research.people.reconsent')})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
