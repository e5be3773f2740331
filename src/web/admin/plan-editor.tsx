import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, type CaseType } from '../../core/cases/case-types.ts';
import { defaultPresentingConcerns } from '../../core/intake/intake-lists.ts';
import type { PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { ClinicSelect } from '../components/clinic-select.tsx';
import { FormError } from '../components/form-error.tsx';
import { LanguageSelect } from '../components/language-select.tsx';
import {
  type ClinicView,
  type PlanPreview,
  type PlanView,
  createPlan,
  previewPlan,
} from './admin-api.ts';
import { PlanEditorRow } from './plan-editor-row.tsx';
import {
  type DraftRow,
  type RowErrors,
  blankRow,
  entryToRow,
  issueToField,
  rowToEntry,
} from './plan-draft.ts';
import { PlanPreviewTable } from './plan-preview-table.tsx';

/** How many members the preview's new case has, by case type (a family: three). */
const PREVIEW_MEMBERS: Record<CaseType, number> = { individual: 1, couple: 2, family: 3 };

/** The rows to start from: the clinic's newest plan for the case type, else for every type. */
function startingRows(plans: readonly PlanView[], clinicId: string, caseType: CaseType | null) {
  const newest = (type: CaseType | null) =>
    plans
      .filter((p) => p.clinicId === clinicId && p.caseType === type)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const plan = newest(caseType) ?? newest(null);
  return plan ? plan.entries.map(entryToRow) : [blankRow()];
}

/**
 * The editor of a new plan version: clinic and case type from choice lists, one row per
 * form (added and removed one by one), the server's preview of sessions 1–10, and
 * publishing. Every message sits next to its field; nothing here is typed as JSON.
 */
export function PlanEditor(props: {
  clinics: readonly ClinicView[];
  plans: readonly PlanView[];
  instruments: readonly { id: string; title: string }[];
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const [clinicId, setClinicId] = useState(props.clinics[0]?.id ?? '');
  const [caseType, setCaseType] = useState<CaseType | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [rows, setRows] = useState<DraftRow[]>(() =>
    startingRows(props.plans, props.clinics[0]?.id ?? '', null),
  );
  const [errors, setErrors] = useState<Record<number, RowErrors>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [languages, setLanguages] = useState<string[]>(['en']);
  const [caseConcerns, setCaseConcerns] = useState<string[]>([]);
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const memberCount = caseType ? PREVIEW_MEMBERS[caseType] : 1;
  const memberLanguages = Array.from({ length: memberCount }, (_, i) => languages[i] ?? 'en');
  const concernChoices = [
    ...new Set([
      ...defaultPresentingConcerns,
      ...props.plans.flatMap((p) => p.entries.flatMap((e) => e.concerns ?? [])),
    ]),
  ];

  const restart = (nextClinic: string, nextType: CaseType | null) => {
    setClinicId(nextClinic);
    setCaseType(nextType);
    setRows(startingRows(props.plans, nextClinic, nextType));
    setErrors({});
    setPreview(null);
    setFormError(null);
    setStatus(null);
  };
  const changeRow = (key: number, change: Partial<DraftRow>) => {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setErrors((current) => ({ ...current, [key]: {} }));
    setPreview(null);
  };

  /** The rows as entries, or null after putting each obvious problem next to its field. */
  const entriesOrShowProblems = (): PlanEntry[] | null => {
    const found: Record<number, RowErrors> = {};
    const entries: PlanEntry[] = [];
    for (const row of rows) {
      const result = rowToEntry(row);
      if (result.problems)
        found[row.key] = Object.fromEntries(
          Object.entries(result.problems).map(([field, problem]) => [
            field,
            t(`admin.plans.errors.${problem}`),
          ]),
        );
      else entries.push(result.entry);
    }
    setErrors(found);
    if (rows.length === 0) {
      setFormError(t('admin.plans.errors.noRows'));
      return null;
    }
    if (Object.keys(found).length > 0) {
      setFormError(t('admin.plans.errors.fix'));
      return null;
    }
    return entries;
  };

  /** Sends a draft; the server's field errors go next to their rows' fields. */
  const send = async (action: (entries: PlanEntry[]) => Promise<void>) => {
    setFormError(null);
    setStatus(null);
    const entries = entriesOrShowProblems();
    if (!entries) return;
    setBusy(true);
    try {
      await action(entries);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation' && e.issues.length > 0) {
        const found: Record<number, RowErrors> = {};
        const general: string[] = [];
        for (const issue of e.issues) {
          const at = issueToField(issue.path);
          const row = at && rows[at.row];
          if (at && row) found[row.key] = { ...found[row.key], [at.field]: issue.message };
          else general.push(issue.message);
        }
        setErrors(found);
        setFormError([t('admin.plans.errors.fix'), ...general].join(' '));
      } else setFormError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const runPreview = () =>
    send(async (entries) => {
      setPreview(
        await previewPlan({
          clinicId,
          caseType,
          entries,
          members: memberLanguages.map((language) => ({ language })),
          concerns: caseConcerns,
        }),
      );
    });

  const publish = (event: FormEvent) => {
    event.preventDefault();
    setNameError(name.trim() === '' ? t('admin.plans.errors.name') : null);
    if (name.trim() === '') {
      setFormError(t('admin.plans.errors.fix'));
      return;
    }
    void send(async (entries) => {
      await createPlan({ clinicId, caseType, name: name.trim(), entries });
      setStatus(t('admin.plans.published'));
      props.onPublished();
    });
  };

  return (
    <section aria-labelledby="new-plan" className="panel plan-editor">
      <h2 id="new-plan">{t('admin.plans.add')}</h2>
      <form onSubmit={publish} className="stack" noValidate>
        <ClinicSelect
          clinics={props.clinics}
          value={clinicId}
          onChange={(next) => restart(next, caseType)}
        />
        <label>
          <span>{t('admin.plans.caseType')}</span>
          <select
            value={caseType ?? ''}
            onChange={(e) =>
              restart(clinicId, e.target.value === '' ? null : (e.target.value as CaseType))
            }
          >
            <option value="">{t('admin.plans.allCaseTypes')}</option>
            {CASE_TYPES.map((c) => (
              <option key={c} value={c}>
                {t(`admin.plans.caseTypes.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="labelled-field">
          <label htmlFor="plan-name">{t('admin.plans.name')}</label>
          <input
            id="plan-name"
            name="name"
            required
            maxLength={120}
            value={name}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'plan-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {nameError && (
            <span className="field-error" id="plan-name-error">
              {nameError}
            </span>
          )}
        </div>
        <p className="hint">{t('admin.plans.startsFrom')}</p>
        {rows.map((row, index) => (
          <PlanEditorRow
            key={row.key}
            row={row}
            index={index}
            errors={errors[row.key] ?? {}}
            instruments={props.instruments}
            concernChoices={concernChoices}
            onChange={(change) => changeRow(row.key, change)}
            onRemove={() => {
              setRows((current) => current.filter((r) => r.key !== row.key));
              setPreview(null);
            }}
          />
        ))}
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => setRows((current) => [...current, blankRow()])}
          >
            {t('admin.plans.addRow')}
          </button>
        </p>

        <fieldset className="plan-preview-case">
          <legend>{t('admin.plans.preview.caseLegend')}</legend>
          {memberLanguages.map((language, i) => (
            <div key={i} className="labelled-field">
              <label htmlFor={`plan-member-${i}`}>
                {t('admin.plans.preview.memberLanguage', { n: i + 1 })}
              </label>
              <LanguageSelect
                id={`plan-member-${i}`}
                value={language}
                onChange={(tag) => {
                  setLanguages(memberLanguages.map((l, j) => (j === i ? tag : l)));
                  setPreview(null);
                }}
              />
            </div>
          ))}
          <fieldset>
            <legend>{t('admin.plans.preview.caseConcerns')}</legend>
            {concernChoices.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={caseConcerns.includes(c)}
                  onChange={(e) => {
                    setCaseConcerns(
                      e.target.checked ? [...caseConcerns, c] : caseConcerns.filter((x) => x !== c),
                    );
                    setPreview(null);
                  }}
                />
                <span>{t(`intake.concerns.${c}`, { defaultValue: c })}</span>
              </label>
            ))}
          </fieldset>
          {rows.some((r) => r.minAge.trim() !== '') && (
            <p className="hint">{t('admin.plans.preview.agesUnknown')}</p>
          )}
          <button type="button" className="secondary-button" disabled={busy} onClick={runPreview}>
            {t('admin.plans.preview.submit')}
          </button>
        </fieldset>
        <FormError message={formError} />
        {preview && <PlanPreviewTable preview={preview} />}
        <p role="status" className="status-line">
          {status}
        </p>
        <button type="submit" disabled={busy}>
          {t('admin.plans.addSubmit')}
        </button>
      </form>
    </section>
  );
}
