import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRuptureEventBody } from '../../core/api/rupture-event.ts';
import type { CaseSessions } from '../../core/api/session.ts';
import {
  REPAIR_STRATEGIES,
  RUPTURE_MARKERS,
  RUPTURE_OUTCOMES,
  type RepairStrategy,
  type RuptureMarker,
  type RuptureOutcome,
} from '../../core/repairs/repair-vocabulary.ts';
import { ApiError, apiGet, apiPost } from '../api-client.ts';
import { FormError } from '../components/form-error.tsx';

/**
 * Records what the therapist saw of a rupture and what they did about it: the session,
 * withdrawal or confrontation markers, what happened, the repair strategies and the
 * outcome, optionally linked to the alert and flagged for supervision.
 */
export function RecordRepairForm({
  caseId,
  alertId,
  defaultSession,
  onRecorded,
  onCancel,
}: {
  caseId: string;
  alertId?: string;
  defaultSession?: number;
  onRecorded: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [sessions, setSessions] = useState<CaseSessions['sessions'] | null>(null);
  const [sessionId, setSessionId] = useState('');
  const [markers, setMarkers] = useState<RuptureMarker[]>([]);
  const [strategies, setStrategies] = useState<RepairStrategy[]>([]);
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<RuptureOutcome | ''>('');
  const [flagged, setFlagged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    apiGet<CaseSessions>(`/api/cases/${encodeURIComponent(caseId)}/sessions`)
      .then((result) => {
        if (!live) return;
        setSessions(result.sessions);
        const preset = result.sessions.find((s) => s.number === defaultSession);
        setSessionId((preset ?? result.sessions.at(-1))?.id ?? '');
      })
      .catch(() => live && setError(t('repairs.sessionsUnavailable')));
    return () => {
      live = false;
    };
  }, [caseId, defaultSession, t]);

  const toggle = <T extends string>(list: T[], value: T, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!sessionId || !description.trim() || !outcome) {
      setError(t('repairs.incomplete'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiPost(`/api/cases/${encodeURIComponent(caseId)}/rupture-events`, {
        sessionId,
        markers,
        strategies,
        description: description.trim(),
        outcome,
        ...(alertId && { alertId }),
        flaggedForSupervision: flagged,
      } satisfies RecordRuptureEventBody);
      onRecorded();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'validation'
          ? t('repairs.incomplete')
          : t('error.generic'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack repair-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{t('repairs.title')}</h3>
      <label htmlFor={`${id}-session`}>{t('repairs.session')}</label>
      <select
        id={`${id}-session`}
        value={sessionId}
        onChange={(e) => setSessionId(e.target.value)}
        disabled={!sessions}
      >
        {(sessions ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {t('repairs.sessionOption', { number: s.number, date: s.startsAt.slice(0, 10) })}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('repairs.markers')}</legend>
        {RUPTURE_MARKERS.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={markers.includes(m)}
              onChange={(e) => setMarkers(toggle(markers, m, e.target.checked))}
            />
            {t(`repairs.marker.${m}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-what`}>{t('repairs.whatHappened')}</label>
      <textarea
        id={`${id}-what`}
        rows={4}
        maxLength={4000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <fieldset>
        <legend>{t('repairs.strategies')}</legend>
        {REPAIR_STRATEGIES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={strategies.includes(s)}
              onChange={(e) => setStrategies(toggle(strategies, s, e.target.checked))}
            />
            {t(`repairs.strategy.${s}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('repairs.outcome')}</legend>
        {RUPTURE_OUTCOMES.map((o) => (
          <label key={o} className="check">
            <input
              type="radio"
              name={`${id}-outcome`}
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            {t(`repairs.outcomes.${o}`)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={flagged} onChange={(e) => setFlagged(e.target.checked)} />
        {t('repairs.flagForSupervision')}
      </label>
      <FormError message={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('repairs.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('repairs.cancel')}
        </button>
      </div>
    </form>
  );
}
