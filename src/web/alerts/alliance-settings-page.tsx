import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AllianceSettingView as SettingView,
  AllianceSettingsView as SettingsView,
  SavedAllianceSettings,
} from '../../core/api/alliance-settings.ts';
import { ApiError, apiGet, apiRequest } from '../api-client.ts';
import { type ClinicView, fetchClinics } from '../admin/admin-api.ts';
import { errorMessage } from '../auth/error-message.ts';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { FormError } from '../components/form-error.tsx';

type SettingValue = SettingView['value'];

/** What the form holds: a checkbox's state, or a number field's text. */
type FieldState = Record<string, string | boolean>;

const settingsPath = (clinicId: string) =>
  `/api/admin/clinics/${encodeURIComponent(clinicId)}/alliance-settings`;

const toField = (p: SettingView, value: SettingValue): string | boolean =>
  p.kind === 'boolean' ? value === true : value === null ? '' : String(value);

const fieldsFrom = (parameters: SettingView[], pick: 'value' | 'defaultValue'): FieldState =>
  Object.fromEntries(parameters.map((p) => [p.key, toField(p, p[pick])]));

/**
 * The PUT body: per group, only the values that differ from the defaults (so a clinic
 * follows any later change of a default it never chose to override). Empty required
 * numbers are reported here, before anything is sent.
 */
function buildBody(parameters: SettingView[], fields: FieldState) {
  const body: Record<string, Record<string, SettingValue>> = {};
  const missing: string[] = [];
  for (const p of parameters) {
    const raw = fields[p.key];
    let value: SettingValue;
    if (p.kind === 'boolean') value = raw === true;
    else if (raw === '' || raw === undefined) {
      if (p.kind !== 'optional-number') {
        missing.push(p.key);
        continue;
      }
      value = null;
    } else value = Number(raw);
    if (value !== p.defaultValue) body[p.group] = { ...body[p.group], [p.name]: value };
  }
  return { body, missing };
}

/**
 * /admin/alliance-settings: a clinic's alliance rule parameters (docs/methods.md "Alliance
 * analytics"), each with what it means, its default and its range. Saving recomputes the
 * clinic's active cases, so the new rules apply from then on.
 */
export function AllianceSettingsPage() {
  const { t, i18n } = useTranslation();
  const clinicFieldId = useId();
  const [clinics, setClinics] = useState<ClinicView[] | null>(null);
  const [clinicId, setClinicId] = useState('');
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [fields, setFields] = useState<FieldState>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchClinics()
      .then(({ clinics: list }) => {
        setClinics(list);
        setClinicId((current) => current || (list[0]?.id ?? ''));
      })
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 403 ? t('admin.forbidden') : errorMessage(t, e),
        ),
      );
  }, [t]);

  const load = useCallback(
    async (id: string) => {
      try {
        const view = await apiGet<SettingsView>(settingsPath(id));
        setSettings(view);
        setFields(fieldsFrom(view.parameters, 'value'));
        setFieldErrors({});
      } catch (e) {
        setError(errorMessage(t, e));
      }
    },
    [t],
  );

  useEffect(() => {
    if (clinicId) void load(clinicId);
  }, [clinicId, load]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!settings) return;
    setStatus(null);
    setError(null);
    const { body, missing } = buildBody(settings.parameters, fields);
    if (missing.length > 0) {
      setFieldErrors(Object.fromEntries(missing.map((k) => [k, t('allianceSettings.required')])));
      setError(t('allianceSettings.fixFields'));
      return;
    }
    setBusy(true);
    try {
      const saved = await apiRequest<SavedAllianceSettings>(
        'PUT',
        settingsPath(settings.clinicId),
        body,
      );
      setSettings(saved);
      setFields(fieldsFrom(saved.parameters, 'value'));
      setFieldErrors({});
      setStatus(t('allianceSettings.saved', { count: saved.recomputesQueued }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation' && e.issues.length > 0) {
        setFieldErrors(
          Object.fromEntries(
            e.issues.map((i) => [
              i.path.replace(/^body\./, ''),
              t('allianceSettings.invalidValue'),
            ]),
          ),
        );
        setError(t('allianceSettings.fixFields'));
      } else setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const clinic = clinics?.find((c) => c.id === clinicId);
  const groups = settings ? [...new Set(settings.parameters.map((p) => p.group))] : [];
  return (
    <>
      <h1>{t('allianceSettings.title')}</h1>
      <p>{t('allianceSettings.intro')}</p>
      {clinics === null && !error && <p>{t('app.loading')}</p>}
      {clinics && clinics.length > 1 && (
        <div className="stack">
          <label htmlFor={clinicFieldId}>{t('allianceSettings.clinic')}</label>
          <select
            id={clinicFieldId}
            value={clinicId}
            onChange={(e) => {
              setStatus(null);
              setError(null);
              setClinicId(e.target.value);
            }}
          >
            {clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {settings && (
        <form className="stack alliance-settings" onSubmit={(e) => void submit(e)} noValidate>
          <h2>{settings.clinicName}</h2>
          <p className="hint">
            {settings.updatedAt
              ? t('allianceSettings.lastChanged', {
                  date: formatZonedDateTime(
                    settings.updatedAt,
                    clinic?.timeZone ?? 'UTC',
                    i18n.language,
                  ),
                })
              : t('allianceSettings.allDefaults')}
          </p>
          {groups.map((group) => (
            <fieldset key={group}>
              <legend>{t(`allianceSettings.groups.${group}`)}</legend>
              {settings.parameters
                .filter((p) => p.group === group)
                .map((p) => (
                  <SettingField
                    key={p.key}
                    setting={p}
                    measured={p.key === 'rupture.pooledSd' ? settings.measuredPooledSd : null}
                    value={fields[p.key] ?? ''}
                    error={fieldErrors[p.key] ?? null}
                    onChange={(value) => setFields((f) => ({ ...f, [p.key]: value }))}
                  />
                ))}
            </fieldset>
          ))}
          <FormError message={error} />
          <p role="status" className="notice">
            {status}
          </p>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('allianceSettings.save')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setFields(fieldsFrom(settings.parameters, 'defaultValue'));
                setFieldErrors({});
                setStatus(t('allianceSettings.defaultsRestored'));
              }}
            >
              {t('allianceSettings.restoreDefaults')}
            </button>
          </div>
        </form>
      )}
      {!settings && <FormError message={error} />}
    </>
  );
}

function SettingField({
  setting: p,
  measured,
  value,
  error,
  onChange,
}: {
  setting: SettingView;
  measured: SettingsView['measuredPooledSd'] | null;
  value: string | boolean;
  error: string | null;
  onChange: (value: string | boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const shown = (v: SettingValue) =>
    v === null
      ? t('allianceSettings.none')
      : typeof v === 'boolean'
        ? t(v ? 'allianceSettings.on' : 'allianceSettings.off')
        : number(v);
  const label = t(`allianceSettings.params.${p.key}.label`);
  const describedBy = error ? `${hintId} ${errorId}` : hintId;
  const hint = (
    <p id={hintId} className="hint">
      {t(`allianceSettings.params.${p.key}.meaning`)}{' '}
      {t('allianceSettings.defaultIs', { value: shown(p.defaultValue) })}
      {p.min !== undefined &&
        p.max !== undefined &&
        ` ${t('allianceSettings.range', { min: number(p.min), max: number(p.max) })}`}
      {measured &&
        ` ${
          measured.sd === null
            ? t('allianceSettings.measuredPooledSdNone')
            : t('allianceSettings.measuredPooledSd', {
                sd: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(
                  measured.sd,
                ),
                forms: number(measured.forms),
                clients: number(measured.clients),
              })
        }`}
    </p>
  );
  return (
    <div className="setting-field" data-key={p.key}>
      {p.kind === 'boolean' ? (
        <div className="check">
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label htmlFor={id}>{label}</label>
        </div>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="number"
            inputMode="decimal"
            min={p.min}
            max={p.max}
            step={p.step ?? 'any'}
            value={typeof value === 'string' ? value : ''}
            required={p.kind !== 'optional-number'}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value)}
          />
        </>
      )}
      {hint}
      {error && (
        <p id={errorId} className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
