import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntakeSettings } from '../../core/api/cases.ts';
import { caseStructures } from '../../core/intake/intake-lists.ts';
import { AdminForm } from '../admin/admin-form.tsx';
import { fetchIntakeSettings, saveIntakeSettings } from './intake-api.ts';

const codes = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * A clinic's intake lists on the admin's clinic page: case types as "code structure" lines,
 * presenting concerns as codes, and whether its therapists may open cases.
 */
export function IntakeSettingsForm({ clinicId }: { clinicId: string }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<IntakeSettings | null>(null);
  useEffect(() => {
    fetchIntakeSettings(clinicId)
      .then(setSettings)
      .catch(() => setSettings(null));
  }, [clinicId]);
  if (!settings) return null;
  return (
    <>
      <h3>{t('intake.settings.title')}</h3>
      <AdminForm
        submitLabel={t('intake.settings.save')}
        onSubmit={async (form) => {
          const caseTypes = String(form.get('caseTypes') ?? '')
            .split('\n')
            .map((line) => line.trim().split(/\s+/))
            .filter((parts) => parts[0])
            .map(([code, structure]) => ({
              code: code!,
              structure: (structure ?? 'individual') as (typeof caseStructures)[number],
            }));
          setSettings(
            await saveIntakeSettings(clinicId, {
              caseTypes,
              presentingConcerns: codes(String(form.get('concerns') ?? '')),
              therapistsMayOpenCases: form.get('therapistsMayOpenCases') === 'on',
            }),
          );
        }}
      >
        <label>
          <span>{t('intake.settings.caseTypes', { structures: caseStructures.join(', ') })}</span>
          <textarea
            name="caseTypes"
            rows={5}
            defaultValue={settings.caseTypes.map((c) => `${c.code} ${c.structure}`).join('\n')}
          />
        </label>
        <label>
          <span>{t('intake.settings.concerns')}</span>
          <textarea
            name="concerns"
            rows={4}
            defaultValue={settings.presentingConcerns.join(', ')}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            name="therapistsMayOpenCases"
            defaultChecked={settings.therapistsMayOpenCases}
          />
          <span>{t('intake.settings.therapistsMayOpenCases')}</span>
        </label>
      </AdminForm>
    </>
  );
}
