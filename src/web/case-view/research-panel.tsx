import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseResearch, ConsentLink, Enrolment } from '../../core/api/consent.ts';
import { ApiError, apiGet, apiPost } from '../api-client.ts';
import { QrCode } from '../therapist-forms/qr-code.tsx';

type Kind = ConsentLink['kind'];

/**
 * The case's research panel, for its therapists (the page shows it only with write
 * access, and the server answers 404 to anyone else): who of the case takes part in which
 * study and their consent status, with links to invite, copy or show as a QR code. No
 * study data.
 */
export function ResearchPanel(props: { caseId: string }) {
  const { t } = useTranslation();
  const [research, setResearch] = useState<CaseResearch | null>(null);
  const [shown, setShown] = useState<{ name: string; link: ConsentLink } | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      apiGet<CaseResearch>(`/api/cases/${encodeURIComponent(props.caseId)}/research`)
        .then(setResearch)
        .catch(() => setResearch(null)),
    [props.caseId],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!research || (research.studies.length === 0 && research.participants.length === 0))
    return null;

  const act = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.detail : String(error));
    }
    await reload();
  };
  const show = (name: string, link: ConsentLink) => {
    setCopied(false);
    setShown({ name, link });
  };
  const invite = (studyId: string, clientId: string, name: string) =>
    act(async () => {
      const made = await apiPost<Enrolment>(
        `/api/cases/${encodeURIComponent(props.caseId)}/research/enrolments`,
        { studyId, clientId },
      );
      if (made.links[0]) show(name, made.links[0]);
    });
  const showLink = (invitationId: string, name: string) =>
    act(async () =>
      show(
        name,
        await apiPost<ConsentLink>(
          `/api/research/consent-invitations/${encodeURIComponent(invitationId)}/link`,
        ),
      ),
    );
  const enrolMe = (studyId: string) =>
    act(async () => {
      await apiPost<Enrolment>(
        `/api/cases/${encodeURIComponent(props.caseId)}/research/therapist-enrolment`,
        { studyId },
      );
    });
  const absolute = (url: string) => (url.startsWith('/') ? `${window.location.origin}${url}` : url);
  const kindName = (kind: Kind) => t(`researchPanel.kind.${kind}`);

  return (
    <section className="panel research-panel" aria-labelledby="research-title">
      <h2 id="research-title">{t('researchPanel.title')}</h2>
      <p>{t('researchPanel.intro')}</p>
      {research.studies.map((study) => {
        const mine = research.participants.find(
          (p) => p.studyId === study.id && p.role === 'therapist',
        );
        return (
          <div key={study.id} className="research-study">
            <h3>{study.title}</h3>
            <ul className="research-people">
              {research.members.map((member) => {
                const p = research.participants.find(
                  (x) => x.studyId === study.id && x.clientId === member.clientId,
                );
                return (
                  <li key={member.clientId}>
                    <span>
                      {member.name}
                      {member.minor && ` (${t('researchPanel.minor')})`}:{' '}
                      <strong>
                        {p ? t(`researchPanel.status.${p.status}`) : t('researchPanel.notEnrolled')}
                      </strong>
                    </span>{' '}
                    {!p && (
                      <button
                        type="button"
                        onClick={() => void invite(study.id, member.clientId, member.name)}
                      >
                        {t('researchPanel.invite')}
                      </button>
                    )}
                    {p?.invitations
                      .filter((i) => i.status === 'open')
                      .map((i) => (
                        <button
                          key={i.id}
                          type="button"
                          onClick={() => void showLink(i.id, member.name)}
                        >
                          {t('researchPanel.showLink', { kind: kindName(i.kind) })}
                        </button>
                      ))}
                  </li>
                );
              })}
              <li>
                <span>
                  {t('researchPanel.you')}:{' '}
                  <strong>
                    {mine
                      ? t(`researchPanel.status.${mine.status}`)
                      : t('researchPanel.notEnrolled')}
                  </strong>
                </span>{' '}
                {mine ? (
                  <Link to={`/research/participations/${mine.id}/consent`}>
                    {t('researchPanel.consentMe')}
                  </Link>
                ) : (
                  <button type="button" onClick={() => void enrolMe(study.id)}>
                    {t('researchPanel.enrolMe')}
                  </button>
                )}
              </li>
            </ul>
          </div>
        );
      })}
      {problem && (
        <p role="alert" className="form-error">
          {t('researchPanel.failed', { detail: problem })}
        </p>
      )}
      {shown && (
        <div className="research-link" data-testid="consent-link">
          <label htmlFor="consent-link-url">
            {t('researchPanel.linkFor', { name: shown.name, kind: kindName(shown.link.kind) })}
          </label>
          <input id="consent-link-url" readOnly value={absolute(shown.link.url)} />
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(absolute(shown.link.url))
                .then(() => setCopied(true))
            }
          >
            {t('researchPanel.copy')}
          </button>
          {copied && <span role="status">{t('researchPanel.copied')}</span>}
          <QrCode
            text={absolute(shown.link.url)}
            label={t('researchPanel.qr', { name: shown.name })}
          />
        </div>
      )}
    </section>
  );
}
