import { useTranslation } from 'react-i18next';

/**
 * The labelled choice list of the clinics one may act in ("Clinic"), by name: a form field
 * (`name`, `required`) or a controlled value (`value`, `onChange`). A page with no clinic to
 * offer says so itself instead of showing an empty list.
 */
export function ClinicSelect(props: {
  clinics: readonly { id: string; name: string }[];
  name?: string;
  required?: boolean;
  value?: string;
  onChange?: (clinicId: string) => void;
}) {
  const { t } = useTranslation();
  const { clinics, onChange, ...rest } = props;
  return (
    <label>
      <span>{t('app.clinic')}</span>
      <select {...rest} onChange={onChange && ((e) => onChange(e.target.value))}>
        {clinics.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
