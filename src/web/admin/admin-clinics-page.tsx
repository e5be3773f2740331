import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { TimeZoneSelect } from '../components/time-zone-select.tsx';
import { IntakeSettingsForm } from '../intake/intake-settings-form.tsx';
import {
  type ClinicView,
  createClinic,
  fetchClinics,
  fetchDataNotice,
  saveDataNotice,
  updateClinic,
} from './admin-api.ts';
import { AdminForm } from './admin-form.tsx';
import { useLoad } from './use-load.ts';

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** /admin/clinics: the clinics the admin runs, their time zones and data notices. */
export function AdminClinicsPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(fetchClinics);
  return (
    <>
      <h1>{t('admin.clinics.title')}</h1>
      {error && <p role="alert">{error}</p>}
      {data?.clinics.map((clinic) => (
        <ClinicSection key={clinic.id} clinic={clinic} onSaved={reload} />
      ))}
      {data && (
        <section aria-labelledby="new-clinic" className="panel">
          <h2 id="new-clinic">{t('admin.clinics.add')}</h2>
          <AdminForm
            submitLabel={t('admin.clinics.addSubmit')}
            onSubmit={async (form) => {
              await createClinic({ name: field(form, 'name'), timeZone: field(form, 'timeZone') });
              reload();
            }}
          >
            <label>
              <span>{t('admin.clinics.name')}</span>
              <input name="name" required maxLength={120} />
            </label>
            <TimeZoneField defaultValue="Europe/London" />
          </AdminForm>
        </section>
      )}
    </>
  );
}

function TimeZoneField({ defaultValue }: { defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('admin.clinics.timeZone')}</span>
      <TimeZoneSelect name="timeZone" defaultValue={defaultValue} />
    </label>
  );
}

function ClinicSection({ clinic, onSaved }: { clinic: ClinicView; onSaved: () => void }) {
  const { t } = useTranslation();
  const headingId = `clinic-${clinic.id}`;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{clinic.name}</h2>
      <AdminForm
        submitLabel={t('admin.clinics.save')}
        onSubmit={async (form) => {
          await updateClinic(clinic.id, {
            name: field(form, 'name'),
            timeZone: field(form, 'timeZone'),
          });
          onSaved();
        }}
      >
        <label>
          <span>{t('admin.clinics.name')}</span>
          <input name="name" required maxLength={120} defaultValue={clinic.name} />
        </label>
        <TimeZoneField defaultValue={clinic.timeZone} />
      </AdminForm>
      <DataNoticeForm clinicId={clinic.id} />
      <IntakeSettingsForm clinicId={clinic.id} />
    </section>
  );
}

/** The notice clients read before their first questionnaire (stored by the questionnaire module). */
function DataNoticeForm({ clinicId }: { clinicId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    fetchDataNotice(clinicId)
      .then((n) => setText(n.text ?? ''))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) setUnavailable(true);
        setText('');
      });
  }, [clinicId]);
  if (text === null) return null;
  return (
    <>
      <h3>{t('admin.clinics.dataNotice')}</h3>
      {unavailable && <p className="hint">{t('admin.clinics.dataNoticeUnavailable')}</p>}
      <AdminForm
        submitLabel={t('admin.clinics.saveNotice')}
        onSubmit={async (form) => {
          await saveDataNotice(clinicId, field(form, 'notice'));
        }}
      >
        <label>
          <span>{t('admin.clinics.dataNoticeLabel')}</span>
          <textarea name="notice" rows={6} required maxLength={10000} defaultValue={text} />
        </label>
      </AdminForm>
    </>
  );
}
