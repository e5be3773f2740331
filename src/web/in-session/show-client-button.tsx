import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CaseViewMember } from '../../core/api/case-view.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';
import { startInSession } from './in-session-api.ts';

/**
 * "Show the client": hands this device to one member for their own charts. From then on the
 * server refuses this session everything else until the therapist signs in again.
 */
export function ShowClientButton({
  caseId,
  members,
}: {
  caseId: string;
  members: CaseViewMember[];
}) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const clientId = String(new FormData(event.currentTarget).get('clientId') ?? '');
    setBusy(true);
    setError(null);
    try {
      await startInSession(caseId, clientId);
      await refresh();
      void navigate('/in-session', { replace: true });
    } catch {
      setError(t('inSession.startFailed'));
      setBusy(false);
    }
  };
  return (
    <form className="show-client" onSubmit={submit} data-testid="show-client">
      <label>
        <span>{t('inSession.chooseMember')}</span>
        <select name="clientId" defaultValue={members[0]?.clientId}>
          {members.map((m) => (
            <option key={m.clientId} value={m.clientId}>
              {m.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        {t('inSession.start')}
      </button>
      <p className="hint">{t('inSession.startHint')}</p>
      <FormError message={error} />
    </form>
  );
}
