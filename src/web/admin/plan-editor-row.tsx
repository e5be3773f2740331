import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type DraftRow, type RowErrors, type RowField, WHEN_KINDS } from './plan-draft.ts';

/**
 * One form of the draft plan: which form, who answers, when; optionally only for some
 * presenting concerns or from an age. Each field carries its own message.
 */
export function PlanEditorRow(props: {
  row: DraftRow;
  index: number;
  errors: RowErrors;
  instruments: readonly { id: string; title: string }[];
  concernChoices: readonly string[];
  onChange: (change: Partial<DraftRow>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { row, errors, onChange } = props;
  const n = props.index + 1;
  const id = (field: RowField) => `plan-row-${row.key}-${field}`;
  /** A labelled field with its message below it, tied together for screen readers. */
  const field = (name: RowField, label: string, control: (a11y: object) => ReactNode) => (
    <div className="labelled-field">
      <label htmlFor={id(name)}>{label}</label>
      {control({
        id: id(name),
        'aria-invalid': errors[name] ? true : undefined,
        'aria-describedby': errors[name] ? `${id(name)}-error` : undefined,
      })}
      {errors[name] && (
        <span className="field-error" id={`${id(name)}-error`}>
          {errors[name]}
        </span>
      )}
    </div>
  );
  const numberInput = (name: 'from' | 'every' | 'first', label: string) =>
    field(name, label, (a11y) => (
      <input
        {...a11y}
        type="number"
        inputMode="numeric"
        min={1}
        value={row[name]}
        onChange={(e) => onChange({ [name]: e.target.value })}
      />
    ));

  return (
    <fieldset className="plan-row" data-testid="plan-row">
      <legend>{t('admin.plans.row', { n })}</legend>
      {field('instrumentId', t('admin.plans.instrument'), (a11y) => (
        <select
          {...a11y}
          value={row.instrumentId}
          onChange={(e) => onChange({ instrumentId: e.target.value })}
        >
          <option value="">{t('admin.plans.chooseInstrument')}</option>
          {props.instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      ))}
      {field('respondent', t('admin.plans.respondent'), (a11y) => (
        <select
          {...a11y}
          value={row.respondent}
          onChange={(e) => onChange({ respondent: e.target.value as DraftRow['respondent'] })}
        >
          <option value="client-member">{t('admin.plans.respondents.client-member')}</option>
          <option value="therapist">{t('admin.plans.respondents.therapist')}</option>
        </select>
      ))}
      {field('when', t('admin.plans.when'), (a11y) => (
        <select
          {...a11y}
          value={row.when}
          onChange={(e) => onChange({ when: e.target.value as DraftRow['when'] })}
        >
          {WHEN_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`admin.plans.whenKinds.${kind}`)}
            </option>
          ))}
        </select>
      ))}
      {row.when === 'sessions' &&
        field('numbers', t('admin.plans.numbers'), (a11y) => (
          <input
            {...a11y}
            inputMode="numeric"
            placeholder={t('admin.plans.numbersExample')}
            value={row.numbers}
            onChange={(e) => onChange({ numbers: e.target.value })}
          />
        ))}
      {row.when === 'first-then-every' && numberInput('first', t('admin.plans.first'))}
      {(row.when === 'every-from' ||
        row.when === 'intake-and-every' ||
        row.when === 'first-then-every') &&
        numberInput('every', t('admin.plans.every'))}
      {row.when === 'every-from' && numberInput('from', t('admin.plans.from'))}
      <details open={row.concerns.length > 0 || row.minAge !== '' || undefined}>
        <summary>{t('admin.plans.onlySome')}</summary>
        <fieldset aria-describedby={errors.concerns ? `${id('concerns')}-error` : undefined}>
          <legend>{t('admin.plans.concerns')}</legend>
          {props.concernChoices.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={row.concerns.includes(c)}
                onChange={(e) =>
                  onChange({
                    concerns: e.target.checked
                      ? [...row.concerns, c]
                      : row.concerns.filter((x) => x !== c),
                  })
                }
              />
              <span>{t(`intake.concerns.${c}`, { defaultValue: c })}</span>
            </label>
          ))}
          {errors.concerns && (
            <span className="field-error" id={`${id('concerns')}-error`}>
              {errors.concerns}
            </span>
          )}
        </fieldset>
        {field('minAge', t('admin.plans.minAge'), (a11y) => (
          <input
            {...a11y}
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            value={row.minAge}
            onChange={(e) => onChange({ minAge: e.target.value })}
          />
        ))}
      </details>
      <button type="button" className="secondary-button" onClick={props.onRemove}>
        {t('admin.plans.remove', { n })}
      </button>
    </fieldset>
  );
}
