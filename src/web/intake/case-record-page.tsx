import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CaseRecordResponse } from '../../core/api/cases.ts';
import { caseClosedReasons } from '../../core/intake/intake-lists.ts';
import { AdminForm } from '../admin/admin-form.tsx';
import { useLoad } from '../admin/use-load.ts';
import {
  closeCase,
  fetchCaseRecord,
  fetchIntakeClinics,
  reopenCase,
  transferCase,
} from './intake-api.ts';

/** The members, therapists and status of a case: what an admin may see of it. */
export function CaseRecordSummary({ record }: { record: CaseRecordResponse }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t('intake.record.type')}</dt>
      <dd>{t(`intake.caseTypes.${record.caseType}`, { defaultValue: record.caseType })}</dd>
      <dt>{t('intake.record.status')}</dt>
      <dd data-testid="case-status">
        {record.status === 'closed'
          ? t('intake.record.closedBecause', {
              reason: t(`intake.closedReasons.${record.closedReason ?? 'other'}`),
            })
          : t('intake.record.open')}
      </dd>
      <dt>{t('intake.newCase.concerns')}</dt>
      <dd>
        {record.presentingConcerns
          .map((c) => t(`intake.concerns.${c}`, { defaultValue: c }))
          .join(', ') || '—'}
      </dd>
      <dt>{t('intake.newCase.members')}</dt>
      <dd>
        <ul className="plain-list">
          {record.members.map((m) => (
            <li key={m.clientId}>
              {m.displayName} · {t(`intake.relations.${m.relation}`, { defaultValue: m.relation })}
              {m.guardianName &&
                ` · ${t('intake.record.guardian', { name: m.guardianName, contact: m.guardianContact ?? '' })}`}
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('intake.newCase.therapists')}</dt>
      <dd>{record.therapists.map((th) => th.displayName).join(', ')}</dd>
    </dl>
  );
}

/** /case-records/:caseId: a case's record, with close, reopen and transfer. */
export function CaseRecordPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const [load] = useState(() => async () => {
    const [record, clinics] = await Promise.all([fetchCaseRecord(caseId), fetchIntakeClinics()]);
    return { record, clinics: clinics.clinics };
  });
  const { data, error, reload } = useLoad(load);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { record } = data;
  const clinic = data.clinics.find((c) => c.id === record.clinicId);
  return (
    <>
      <h1>{t('intake.record.title', { reference: record.reference })}</h1>
      <CaseRecordSummary record={record} />
      {record.status !== 'closed' && (
        <p>
          <Link to={`/cases/${record.id}`}>{t('intake.record.clinicalView')}</Link>
        </p>
      )}
      {clinic && record.status !== 'closed' && (
        <section aria-labelledby="close-case" className="panel">
          <h2 id="close-case">{t('intake.record.close')}</h2>
          <AdminForm
            submitLabel={t('intake.record.closeSubmit')}
            onSubmit={async (form) => {
              await closeCase(record.id, String(form.get('reason')));
              reload();
            }}
          >
            <label>
              <span>{t('intake.record.reason')}</span>
              <select name="reason">
                {caseClosedReasons.map((r) => (
                  <option key={r} value={r}>
                    {t(`intake.closedReasons.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">{t('intake.record.closeHint')}</p>
          </AdminForm>
        </section>
      )}
      {clinic && record.status !== 'closed' && (
        <section aria-labelledby="transfer-case" className="panel">
          <h2 id="transfer-case">{t('intake.record.transfer')}</h2>
          <AdminForm
            submitLabel={t('intake.record.transferSubmit')}
            onSubmit={async (form) => {
              await transferCase(record.id, String(form.get('from')), String(form.get('to')));
              reload();
            }}
          >
            <label>
              <span>{t('intake.record.transferFrom')}</span>
              <select name="from">
                {record.therapists.map((th) => (
                  <option key={th.staffUserId} value={th.staffUserId}>
                    {th.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('intake.record.transferTo')}</span>
              <select name="to">
                {clinic.therapists
                  .filter((th) => !record.therapists.some((r) => r.staffUserId === th.staffUserId))
                  .map((th) => (
                    <option key={th.staffUserId} value={th.staffUserId}>
                      {th.displayName}
                    </option>
                  ))}
              </select>
            </label>
          </AdminForm>
        </section>
      )}
      {clinic && record.status === 'closed' && (
        <section aria-labelledby="reopen-case" className="panel">
          <h2 id="reopen-case">{t('intake.record.reopen')}</h2>
          <AdminForm
            submitLabel={t('intake.record.reopenSubmit')}
            onSubmit={async () => {
              await reopenCase(record.id);
              reload();
            }}
          >
            <p className="hint">{t('intake.record.reopenHint')}</p>
          </AdminForm>
        </section>
      )}
    </>
  );
}
