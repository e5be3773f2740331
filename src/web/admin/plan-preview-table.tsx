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
  // The end of care is its own row after sessions 1–10 (asked when the case is closed).
  const rows = [
    ...props.preview.sessions.map((s) => ({
      key: String(s.number),
      label: s.number.toLocaleString(i18n.language),
      respondents: s.respondents,
    })),
    {
      key: 'end-of-care',
      label: t('admin.plans.preview.endOfCare'),
      respondents: props.preview.endOfCare,
    },
  ];
  const warnings = new Map<string, string>();
  for (const s of rows)
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
  const asked = rows.filter((s) => s.respondents.length > 0);

  return (
    <section aria-labelledby="plan-preview" className="plan-preview" data-testid="plan-preview">
      <h3 id="plan-preview">{t('admin.plans.preview.title')}</h3>
      <p className="hint">{t('admin.plans.preview.intro')}</p>
      {props.preview.endOfCare.length > 0 && (
        <p className="hint">{t('admin.plans.preview.endOfCareNote')}</p>
      )}
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
              <Fragment key={s.key}>
                {s.respondents.map((r, i) => (
                  <tr key={`${s.key}-${r.member ?? 'therapist'}`} data-session={s.key}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={s.respondents.length}>
                        {s.label}
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
