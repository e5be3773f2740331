import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../auth/error-message.ts';
import { EndOfCareBadge } from '../case-view/end-of-care-badge.tsx';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { QrCode } from './qr-code.tsx';

const languageName = (tag: string, reader: string) =>
  new Intl.DisplayNames([reader], { type: 'language' }).of(tag) ?? tag;
import {
  type SessionRequest,
  fetchRequestLink,
  fetchSessionRequests,
} from './therapist-forms-api.ts';

/**
 * The session's questionnaire requests. For each open client request, the case's therapist
 * can show the link as a QR code (the client answers on their own phone, in the room) or copy
 * it; a supervisor sees the list only.
 */
export function SessionRequestsPanel(props: {
  sessionId: string;
  canWrite: boolean;
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const [requests, setRequests] = useState<SessionRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchSessionRequests(props.sessionId)
      .then((r) => setRequests(r.requests))
      .catch((e: unknown) => setError(errorMessage(t, e)));
  }, [props.sessionId, t]);

  if (error) return <p role="alert">{error}</p>;
  if (!requests || requests.length === 0) return null;
  return (
    <section aria-labelledby="requests-heading" className="panel">
      <h2 id="requests-heading">{t('therapistForms.requestsTitle')}</h2>
      <ul className="session-requests">
        {requests.map((r) => (
          <li key={r.id}>
            <p>
              <EndOfCareBadge occasion={r.occasion} />
              <strong>
                {r.respondentKind === 'therapist'
                  ? t('therapistForms.therapistSide', { name: r.respondentName })
                  : r.respondentName}
              </strong>{' '}
              · {r.instruments.join(', ')} · {t(`therapistForms.status.${r.status}`)}
            </p>
            {r.untranslated.length > 0 && (
              <p className="hint" data-testid="untranslated">
                {t('therapistForms.untranslated', {
                  language: languageName(r.language, i18n.language),
                  instruments: r.untranslated.join(', '),
                })}
              </p>
            )}
            {r.mail && (
              <p
                className={r.mail.state === 'not-sent' ? 'hint mail-not-sent' : 'hint'}
                data-testid="link-mail"
              >
                {r.mail.reason
                  ? t(`therapistForms.mail.notSent.${r.mail.reason}`)
                  : t(`therapistForms.mail.${r.mail.state}`)}
              </p>
            )}
            {r.status === 'open' && (
              <p className="hint">
                {t('therapistForms.expires', {
                  when: formatZonedDateTime(r.expiresAt, props.timeZone, i18n.language),
                })}
              </p>
            )}
            {props.canWrite && r.status === 'open' && r.respondentKind === 'client' && (
              <RequestLink request={r} />
            )}
            {r.mine && r.status === 'open' && (
              <p>
                <Link className="button" to={`/forms/${r.id}`}>
                  {t('therapistForms.rateNow')}
                </Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RequestLink(props: { request: SessionRequest }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [showQr, setShowQr] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const link = async () => {
    if (url) return url;
    const got = await fetchRequestLink(props.request.id);
    const absolute = new URL(got.url, window.location.origin).href;
    setUrl(absolute);
    return absolute;
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setStatus(null);
    try {
      await work();
    } catch (e) {
      setStatus(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  const name = props.request.respondentName;

  return (
    <div className="request-link">
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          aria-expanded={showQr}
          onClick={() =>
            void run(async () => {
              if (!showQr) await link();
              setShowQr(!showQr);
            })
          }
        >
          {showQr ? t('therapistForms.hideQr') : t('therapistForms.showQr', { name })}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await navigator.clipboard.writeText(await link());
              setStatus(t('therapistForms.copied'));
            })
          }
        >
          {t('therapistForms.copyLink', { name })}
        </button>
      </div>
      <p role="status" className="hint">
        {status}
      </p>
      {showQr && url && (
        <figure className="qr">
          <QrCode text={url} label={t('therapistForms.qrLabel', { name })} />
          <figcaption className="hint">{t('therapistForms.qrHint')}</figcaption>
        </figure>
      )}
    </div>
  );
}
