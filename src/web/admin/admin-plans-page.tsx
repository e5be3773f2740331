import { useTranslation } from 'react-i18next';
import type { Schedule } from '../../core/measurement/measurement-plan.ts';
import { type PlanView, fetchClinics, fetchPlans } from './admin-api.ts';
import { PlanEditor } from './plan-editor.tsx';
import { useLoad } from './use-load.ts';

const loadAll = async () => {
  const [clinics, plans] = await Promise.all([fetchClinics(), fetchPlans()]);
  return { clinics: clinics.clinics, plans: plans.plans, instruments: plans.instruments };
};

/** /admin/plans: every plan version, and the editor of a new one that applies from now on. */
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
  const title = (id: string) => data.instruments.find((i) => i.id === id)?.title ?? id;

  return (
    <>
      <h1>{t('admin.plans.title')}</h1>
      <p>{t('admin.plans.intro')}</p>
      <section aria-labelledby="plan-versions" className="panel">
        <h2 id="plan-versions">{t('admin.plans.listCaption')}</h2>
        {data.plans.length === 0 ? (
          <p>{t('admin.plans.none')}</p>
        ) : (
          // A card for each version, its facts laid out as the case page's (they wrap on a
          // phone): as a table, its five columns were squeezed to a few letters at 360 px.
          <ul className="stack plain" data-testid="plan-versions">
            {data.plans.map((p) => (
              <li key={p.id} className="panel" data-testid="plan-version">
                <h3 className="typed-heading">{p.name}</h3>
                <dl className="case-facts">
                  <div>
                    <dt>{t('admin.plans.clinic')}</dt>
                    <dd>{clinicName(p.clinicId)}</dd>
                  </div>
                  <div>
                    <dt>{t('admin.plans.caseType')}</dt>
                    <dd>{caseTypeName(p)}</dd>
                  </div>
                  <div>
                    <dt>{t('admin.plans.effectiveFrom')}</dt>
                    <dd>{new Date(p.effectiveFrom).toLocaleString(i18n.language)}</dd>
                  </div>
                  <div>
                    <dt>{t('admin.plans.instruments')}</dt>
                    <dd>
                      <ul className="form-list">
                        {p.entries.map((e, i) => (
                          <li key={i}>
                            {t('admin.plans.entrySummary', {
                              form: title(e.instrumentId),
                              respondent: t(`admin.plans.respondentShort.${e.respondent}`),
                              when: describeSchedule(t, e.schedule),
                            })}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PlanEditor
        clinics={data.clinics}
        plans={data.plans}
        instruments={data.instruments}
        onPublished={reload}
      />
    </>
  );
}

/** A schedule in words ("sessions 1, 5, 10"; "every 2nd from session 3" reads "every 2 from session 3"). */
export function describeSchedule(
  t: (key: string, values?: Record<string, unknown>) => string,
  schedule: Schedule,
): string {
  const key = `admin.plans.describe.${schedule.kind}`;
  switch (schedule.kind) {
    case 'sessions':
      return t(key, { numbers: schedule.numbers.join(', ') });
    case 'every-session':
    case 'intake':
      return t(key);
    default:
      return t(key, schedule);
  }
}
