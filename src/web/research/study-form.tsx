import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';
import type { NewStudyInput, StudyChoices, StudyView } from './research-api.ts';

interface MeasureDraft {
  key: number;
  id?: string;
  instrumentId: string;
  respondent: 'client' | 'therapist';
  timing: 'sessions' | 'enrolment';
  sessions: string;
  options: Record<string, unknown> | null;
}

let nextKey = 1;

const draftOf = (study: StudyView | null, me: string) => ({
  title: study?.title ?? '',
  protocolSummary: study?.protocolSummary ?? '',
  principalInvestigator: study?.principalInvestigator ?? '',
  ethicsReference: study?.ethicsReference ?? '',
  ethicsApprovedOn: study?.ethicsApprovedOn ?? '',
  withdrawalPolicy: study?.withdrawalPolicy ?? ('keep' as const),
  therapistAllianceInstrumentId: study?.therapistAllianceInstrumentId ?? '',
  reconsentBelowVersion: study?.reconsentBelowVersion?.toString() ?? '',
  minCellSize: String(study?.minCellSize ?? 5),
  recordingRetentionDays: study?.recordingRetentionDays?.toString() ?? '',
  exportDates: study?.exportDates ?? ('shift' as const),
  exportFreeText: study?.exportFreeText ?? false,
  clinics: Object.fromEntries(
    (study?.clinics ?? []).map((c) => [c.clinicId, String(c.targetEnrolment)]),
  ) as Record<string, string>,
  team: Object.fromEntries(
    (study?.team ?? [{ staffUserId: me, senior: true }]).map((m) => [m.staffUserId, m.senior]),
  ) as Record<string, boolean>,
  measures: (study?.measures ?? []).map((m): MeasureDraft => ({
    key: nextKey++,
    id: m.id,
    instrumentId: m.instrumentId,
    respondent: m.respondent,
    timing: m.timing,
    sessions: m.sessionNumbers.join(', '),
    options: m.options,
  })),
});

/** "3, 5" → [3, 5]; anything that is not a whole number is sent as is for the server to refuse. */
const sessionNumbers = (text: string) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((n) => Number(n));

/**
 * The study's details, clinics, team and measures: one form for a new study and for an
 * existing one. The server checks everything and names what is wrong; nothing is stored
 * until it accepts the whole form.
 */
export function StudyForm(props: {
  study: StudyView | null;
  choices: StudyChoices;
  me: string;
  onSave: (body: NewStudyInput) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => draftOf(props.study, props.me));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setMeasure = (key: number, change: Partial<MeasureDraft>) =>
    set(
      'measures',
      draft.measures.map((m) => (m.key === key ? { ...m, ...change } : m)),
    );
  const instruments = props.choices.instruments;
  const therapistForms = instruments.filter((i) => i.perspective === 'therapist');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await props.onSave({
        title: draft.title,
        protocolSummary: draft.protocolSummary,
        principalInvestigator: draft.principalInvestigator,
        ethicsReference: draft.ethicsReference,
        ethicsApprovedOn: draft.ethicsApprovedOn || null,
        withdrawalPolicy: draft.withdrawalPolicy,
        therapistAllianceInstrumentId: draft.therapistAllianceInstrumentId || null,
        reconsentBelowVersion:
          draft.reconsentBelowVersion === '' ? null : Number(draft.reconsentBelowVersion),
        minCellSize: Number(draft.minCellSize),
        // Empty keeps recordings until a withdrawal or the team deletes them; the server
        // checks the number (whole days, 1 to 36500).
        recordingRetentionDays:
          draft.recordingRetentionDays === '' ? null : Number(draft.recordingRetentionDays),
        exportDates: draft.exportDates,
        exportFreeText: draft.exportFreeText,
        clinics: Object.entries(draft.clinics).map(([clinicId, target]) => ({
          clinicId,
          targetEnrolment: Number(target),
        })),
        team: Object.entries(draft.team).map(([staffUserId, senior]) => ({ staffUserId, senior })),
        measures: draft.measures.map((m) => ({
          ...(m.id ? { id: m.id } : {}),
          instrumentId: m.instrumentId,
          respondent: m.respondent,
          timing: m.timing,
          sessionNumbers: m.timing === 'sessions' ? sessionNumbers(m.sessions) : [],
          options: m.options,
        })),
      });
      setStatus(t('research.form.saved'));
    } catch (e) {
      setError(
        e instanceof ApiError && (e.code === 'validation' || e.code === 'conflict')
          ? [e.detail, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="stack study-form">
      <label>
        <span>{t('research.form.title')}</span>
        <input value={draft.title} onChange={(e) => set('title', e.target.value)} required />
      </label>
      <label>
        <span>{t('research.form.protocolSummary')}</span>
        <textarea
          rows={4}
          value={draft.protocolSummary}
          onChange={(e) => set('protocolSummary', e.target.value)}
          required
        />
      </label>
      <label>
        <span>{t('research.form.principalInvestigator')}</span>
        <input
          value={draft.principalInvestigator}
          onChange={(e) => set('principalInvestigator', e.target.value)}
          required
        />
      </label>
      <label>
        <span>{t('research.form.ethicsReference')}</span>
        <input
          value={draft.ethicsReference}
          onChange={(e) => set('ethicsReference', e.target.value)}
        />
      </label>
      <label>
        <span>{t('research.form.ethicsApprovedOn')}</span>
        <input
          type="date"
          value={draft.ethicsApprovedOn}
          onChange={(e) => set('ethicsApprovedOn', e.target.value)}
        />
      </label>
      <label>
        <span>{t('research.form.withdrawalPolicy')}</span>
        <select
          value={draft.withdrawalPolicy}
          onChange={(e) => set('withdrawalPolicy', e.target.value as 'keep' | 'delete')}
        >
          <option value="keep">{t('research.form.keep')}</option>
          <option value="delete">{t('research.form.delete')}</option>
        </select>
      </label>
      <label>
        <span>{t('research.form.allianceForm')}</span>
        <select
          value={draft.therapistAllianceInstrumentId}
          onChange={(e) => set('therapistAllianceInstrumentId', e.target.value)}
        >
          <option value="">{t('research.form.noAllianceForm')}</option>
          {therapistForms.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('research.form.reconsentBelow')}</span>
        <input
          type="number"
          min={2}
          value={draft.reconsentBelowVersion}
          onChange={(e) => set('reconsentBelowVersion', e.target.value)}
        />
      </label>
      <label>
        <span>{t('research.form.minCellSize')}</span>
        <input
          type="number"
          min={2}
          max={100}
          value={draft.minCellSize}
          onChange={(e) => set('minCellSize', e.target.value)}
        />
      </label>
      <label>
        <span>{t('research.form.recordingRetentionDays')}</span>
        <input
          type="number"
          value={draft.recordingRetentionDays}
          onChange={(e) => set('recordingRetentionDays', e.target.value)}
        />
      </label>
      <label>
        <span>{t('research.form.exportDates')}</span>
        <select
          value={draft.exportDates}
          onChange={(e) =>
            set('exportDates', e.target.value as 'shift' | 'days-since-first-session')
          }
        >
          <option value="shift">{t('research.form.exportDatesShift')}</option>
          <option value="days-since-first-session">{t('research.form.exportDatesDays')}</option>
        </select>
      </label>
      <div className="check">
        <label>
          <input
            type="checkbox"
            checked={draft.exportFreeText}
            onChange={(e) => set('exportFreeText', e.target.checked)}
          />
          {t('research.form.exportFreeText')}
        </label>
      </div>

      <fieldset>
        <legend>{t('research.form.clinics')}</legend>
        {props.choices.clinics.map((c) => {
          const on = c.id in draft.clinics;
          return (
            <div key={c.id} className="check">
              <label>
                <input
                  type="checkbox"
                  checked={on}
                  onChange={(e) => {
                    const next = { ...draft.clinics };
                    if (e.target.checked) next[c.id] = '0';
                    else delete next[c.id];
                    set('clinics', next);
                  }}
                />
                {c.name}
              </label>
              {on && (
                <label>
                  <span>{t('research.form.targetFor', { clinic: c.name })}</span>
                  <input
                    type="number"
                    min={0}
                    value={draft.clinics[c.id]}
                    onChange={(e) => set('clinics', { ...draft.clinics, [c.id]: e.target.value })}
                  />
                </label>
              )}
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>{t('research.form.team')}</legend>
        {props.choices.researchers.map((r) => {
          const on = r.id in draft.team;
          return (
            <div key={r.id} className="check">
              <label>
                <input
                  type="checkbox"
                  checked={on}
                  onChange={(e) => {
                    const next = { ...draft.team };
                    if (e.target.checked) next[r.id] = false;
                    else delete next[r.id];
                    set('team', next);
                  }}
                />
                {r.displayName}
              </label>
              {on && (
                <label>
                  <input
                    type="checkbox"
                    checked={draft.team[r.id]}
                    onChange={(e) => set('team', { ...draft.team, [r.id]: e.target.checked })}
                  />
                  {r.displayName}: {t('research.form.senior')}
                </label>
              )}
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>{t('research.form.measures')}</legend>
        <p className="hint">{t('research.form.measuresHint')}</p>
        {draft.measures.length === 0 && <p>{t('research.form.noMeasures')}</p>}
        {draft.measures.map((m, index) => {
          const n = index + 1;
          return (
            <div key={m.key} className="measure-row" data-testid="measure-row">
              <label>
                <span>{t('research.form.instrument', { n })}</span>
                <select
                  value={m.instrumentId}
                  onChange={(e) => setMeasure(m.key, { instrumentId: e.target.value })}
                >
                  {instruments.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('research.form.respondent', { n })}</span>
                <select
                  value={m.respondent}
                  onChange={(e) =>
                    setMeasure(m.key, { respondent: e.target.value as 'client' | 'therapist' })
                  }
                >
                  <option value="client">{t('research.form.respondents.client')}</option>
                  <option value="therapist">{t('research.form.respondents.therapist')}</option>
                </select>
              </label>
              <label>
                <span>{t('research.form.timing', { n })}</span>
                <select
                  value={m.timing}
                  onChange={(e) =>
                    setMeasure(m.key, { timing: e.target.value as 'sessions' | 'enrolment' })
                  }
                >
                  <option value="sessions">{t('research.form.timings.sessions')}</option>
                  <option value="enrolment">{t('research.form.timings.enrolment')}</option>
                </select>
              </label>
              {m.timing === 'sessions' && (
                <label>
                  <span>{t('research.form.sessions', { n })}</span>
                  <input
                    value={m.sessions}
                    inputMode="numeric"
                    onChange={(e) => setMeasure(m.key, { sessions: e.target.value })}
                  />
                </label>
              )}
              <button
                type="button"
                onClick={() =>
                  set(
                    'measures',
                    draft.measures.filter((x) => x.key !== m.key),
                  )
                }
              >
                {t('research.form.removeMeasure', { n })}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() =>
            set('measures', [
              ...draft.measures,
              {
                key: nextKey++,
                instrumentId: instruments[0]?.id ?? '',
                respondent: 'client',
                timing: 'sessions',
                sessions: '',
                options: null,
              },
            ])
          }
        >
          {t('research.form.addMeasure')}
        </button>
      </fieldset>

      <FormError message={error} />
      <p role="status" className="status-line">
        {status}
      </p>
      <button type="submit" disabled={busy}>
        {props.study ? t('research.form.save') : t('research.form.create')}
      </button>
    </form>
  );
}
