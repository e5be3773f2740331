import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../case-view/format-zoned-time.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import type { PlanPreview } from './admin-api.ts';

/**
 * The server's preview of a draft plan: for sessions 1–10 of a new case, each respondent's
 * forms and estimated minutes, and a warning for each form with no text in a member's
 * language (that member would see it as published).
 */
export function PlanPreviewTable(props: { preview: PlanPreview }) {
  const { t, i18n } = useTranslation();
  const language = (tag: string) => languageName(tag, i18n.language);
  const who = (r: PlanPreview['sessions'][number]['respondents'][number]) =>
    r.member === null
      ? t('admin.plans.preview.therapist')
      : t('admin.plans.preview.member', { n: r.member, language: language(r.language) });
  const warnings = new Map<string, string>();
  for (const s of props.preview.sessions)
    for (const r of s.respondents)
      for (const f of r.forms)
        if (f.languageMissing && r.member !== null)
          warnings.set(
            `${r.member}:${f.instrumentId}`,
            t('admin.plans.preview.warning', {
              form: f.title,
              language: language(r.language),
              n: r.member,
            }),
          );
  const asked = props.preview.sessions.filter((s) => s.respondents.length > 0);

  return (
    <section aria-labelledby="plan-preview" className="plan-preview" data-testid="plan-preview">
      <h3 id="plan-preview">{t('admin.plans.preview.title')}</h3>
      <p className="hint">{t('admin.plans.preview.intro')}</p>
      {warnings.size > 0 && (
        <div role="note" aria-labelledby="plan-preview-warnings" className="save-warning">
          <h4 id="plan-preview-warnings">{t('admin.plans.preview.warningsTitle')}</h4>
          <ul data-testid="plan-preview-warnings">
            {[...warnings].map(([key, text]) => (
              <li key={key}>{text}</li>
            ))}
          </ul>
        </div>
      )}
      {asked.length === 0 ? (
        <p>{t('admin.plans.preview.nothing')}</p>
      ) : (
        <ScrollTable label={t('admin.plans.preview.caption')} testId="plan-preview-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.plans.preview.session')}</th>
              <th scope="col">{t('admin.plans.preview.respondent')}</th>
              <th scope="col">{t('admin.plans.preview.forms')}</th>
              <th scope="col">{t('admin.plans.preview.minutes')}</th>
            </tr>
          </thead>
          <tbody>
            {asked.map((s) => (
              <Fragment key={s.number}>
                {s.respondents.map((r, i) => (
                  <tr key={`${s.number}-${r.member ?? 'therapist'}`} data-session={s.number}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={s.respondents.length}>
                        {s.number.toLocaleString(i18n.language)}
                      </th>
                    )}
                    <td data-testid="preview-respondent">{who(r)}</td>
                    <td>
                      <ul className="plain">
                        {r.forms.map((f) => (
                          <li key={f.instrumentId} data-testid="preview-form">
                            <span data-instrument={f.instrumentId}>{f.title}</span>
                            {f.languageMissing && r.member !== null && (
                              <span className="language-missing">
                                {' '}
                                {t('admin.plans.preview.missing', {
                                  language: language(r.language),
                                })}
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="number">
                      {t('admin.plans.preview.minutesValue', { count: r.minutes })}
                    </td>
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
