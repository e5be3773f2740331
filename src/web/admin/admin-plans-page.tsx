import { useTranslation } from 'react-i18next';
import { CASE_TYPES } from '../../core/cases/case-types.ts';
import { type PlanView, createPlan, fetchClinics, fetchPlans } from './admin-api.ts';
import { AdminForm } from './admin-form.tsx';
import { useLoad } from './use-load.ts';

const loadAll = async () => {
  const [clinics, plans] = await Promise.all([fetchClinics(), fetchPlans()]);
  return { clinics: clinics.clinics, plans: plans.plans, instruments: plans.instruments };
};

/** /admin/plans: every plan version, and a form for a new one that applies from now on. */
export function AdminPlansPage() {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useLoad(loadAll);
  if (error)
    return (
      <>
        <h1>{t('admin.plans.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const clinicName = (id: string) => data.clinics.find((c) => c.id === id)?.name ?? id;
  const caseTypeName = (p: PlanView) =>
    p.caseType ? t(`admin.plans.caseTypes.${p.caseType}`) : t('admin.plans.allCaseTypes');
  const latest = data.plans[0];

  return (
    <>
      <h1>{t('admin.plans.title')}</h1>
      <p>{t('admin.plans.intro')}</p>
      {data.plans.length === 0 ? (
        <p>{t('admin.plans.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('admin.plans.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.plans.name')}</th>
                <th scope="col">{t('admin.plans.clinic')}</th>
                <th scope="col">{t('admin.plans.caseType')}</th>
                <th scope="col">{t('admin.plans.effectiveFrom')}</th>
                <th scope="col">{t('admin.plans.instruments')}</th>
              </tr>
            </thead>
            <tbody>
              {data.plans.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{clinicName(p.clinicId)}</td>
                  <td>{caseTypeName(p)}</td>
                  <td>{new Date(p.effectiveFrom).toLocaleString(i18n.language)}</td>
                  <td>
                    {p.entries
                      .map((e) => (e as { instrumentId?: string }).instrumentId ?? '?')
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="new-plan" className="panel">
        <h2 id="new-plan">{t('admin.plans.add')}</h2>
        <AdminForm
          submitLabel={t('admin.plans.addSubmit')}
          onSubmit={async (form) => {
            let entries: unknown;
            try {
              entries = JSON.parse(String(form.get('entries') ?? ''));
            } catch {
              throw new Error(t('admin.plans.badJson'));
            }
            const caseType = String(form.get('caseType') ?? '');
            await createPlan({
              clinicId: String(form.get('clinicId') ?? ''),
              caseType: caseType === '' ? null : (caseType as PlanView['caseType']),
              name: String(form.get('name') ?? '').trim(),
              entries,
            });
            reload();
          }}
        >
          <label>
            <span>{t('admin.plans.clinic')}</span>
            <select name="clinicId" required>
              {data.clinics.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('admin.plans.caseType')}</span>
            <select name="caseType" defaultValue="">
              <option value="">{t('admin.plans.allCaseTypes')}</option>
              {CASE_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(`admin.plans.caseTypes.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('admin.plans.name')}</span>
            <input name="name" required maxLength={120} />
          </label>
          <label>
            <span>{t('admin.plans.entries')}</span>
            <textarea
              name="entries"
              rows={12}
              required
              spellCheck={false}
              aria-describedby="plan-entries-hint"
              className="code"
              defaultValue={JSON.stringify(
                latest?.entries ?? [
                  {
                    instrumentId: 'wai-sr',
                    respondent: 'client-member',
                    schedule: { kind: 'every-session' },
                  },
                ],
                null,
                2,
              )}
            />
          </label>
          <p className="hint" id="plan-entries-hint">
            {t('admin.plans.entriesHint', {
              instruments: data.instruments.map((i) => i.id).join(', '),
            })}
          </p>
        </AdminForm>
      </section>
    </>
  );
}
