import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { memberRelations } from '../../core/intake/intake-lists.ts';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { useLoad } from '../admin/use-load.ts';
import { ClinicSelect } from '../components/clinic-select.tsx';
import { FormError } from '../components/form-error.tsx';
import { clientName } from './clients-page.tsx';
import { fetchClients, fetchIntakeClinics, openCase } from './intake-api.ts';

interface MemberRow {
  key: number;
  clientId: string;
  relation: string;
  guardianName: string;
  guardianContact: string;
}

const loadPage = async () => {
  const [clinics, clients] = await Promise.all([fetchIntakeClinics(), fetchClients()]);
  return { clinics: clinics.clinics, clients: clients.clients };
};

const today = () => new Date().toISOString().slice(0, 10);

/** /cases/new: open a case — clinic, type, concerns, members with their relation, therapists. */
export function NewCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error } = useLoad(loadPage);
  const [clinicId, setClinicId] = useState<string | null>(null);
  const [members, setMembers] = useState<MemberRow[]>([
    { key: 0, clientId: '', relation: 'client', guardianName: '', guardianContact: '' },
  ]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">{t('app.loading')}</p>;
  if (data.clinics.length === 0)
    return (
      <>
        <h1>{t('intake.newCase.title')}</h1>
        <p>{t('intake.newCase.notAllowed')}</p>
      </>
    );
  const clinic = data.clinics.find((c) => c.id === clinicId) ?? data.clinics[0]!;
  const clients = data.clients.filter((c) => c.clinicId === clinic.id);
  const setMember = (key: number, change: Partial<MemberRow>) =>
    setMembers((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setFormError(null);
    try {
      const record = await openCase({
        clinicId: clinic.id,
        caseType: String(form.get('caseType')),
        presentingConcerns: form.getAll('concern').map(String),
        members: members.map((m) => ({
          clientId: m.clientId,
          relation: m.relation as (typeof memberRelations)[number],
          ...(m.guardianName.trim() && { guardianName: m.guardianName.trim() }),
          ...(m.guardianContact.trim() && { guardianContact: m.guardianContact.trim() }),
        })),
        therapistIds: form.getAll('therapist').map(String),
        startDate: String(form.get('startDate')),
      });
      void navigate(`/case-records/${record.id}`);
    } catch (e) {
      setFormError(
        e instanceof ApiError && e.status < 500 && e.status !== 401
          ? [e.detail, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('intake.newCase.title')}</h1>
      <p>
        <Link to="/clients">{t('intake.newCase.newClient')}</Link>
      </p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <ClinicSelect clinics={data.clinics} value={clinic.id} onChange={setClinicId} />
        <label>
          <span>{t('intake.newCase.caseType')}</span>
          <select name="caseType" key={`type-${clinic.id}`}>
            {clinic.caseTypes.map((ct) => (
              <option key={ct.code} value={ct.code}>
                {t(`intake.caseTypes.${ct.code}`, { defaultValue: ct.code })}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('intake.newCase.concerns')}</legend>
          {clinic.presentingConcerns.map((code) => (
            <label key={code} className="checkbox">
              <input type="checkbox" name="concern" value={code} />
              <span>{t(`intake.concerns.${code}`, { defaultValue: code })}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('intake.newCase.members')}</legend>
          {members.map((m, index) => (
            <div key={m.key} className="stack member-row" data-testid="member-row">
              <label>
                <span>{t('intake.newCase.member', { number: index + 1 })}</span>
                <select
                  required
                  value={m.clientId}
                  onChange={(e) => setMember(m.key, { clientId: e.target.value })}
                >
                  <option value="">{t('intake.newCase.pickClient')}</option>
                  {clients.map((c) => (
                    <option key={c.id} value={c.id}>
                      {clientName(c)}
                      {c.dateOfBirth ? ` · ${c.dateOfBirth}` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('intake.newCase.relation', { number: index + 1 })}</span>
                <select
                  value={m.relation}
                  onChange={(e) => setMember(m.key, { relation: e.target.value })}
                >
                  {memberRelations.map((r) => (
                    <option key={r} value={r}>
                      {t(`intake.relations.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('intake.newCase.guardianName', { number: index + 1 })}</span>
                <input
                  maxLength={200}
                  value={m.guardianName}
                  onChange={(e) => setMember(m.key, { guardianName: e.target.value })}
                />
              </label>
              <label>
                <span>{t('intake.newCase.guardianContact', { number: index + 1 })}</span>
                <input
                  maxLength={200}
                  value={m.guardianContact}
                  onChange={(e) => setMember(m.key, { guardianContact: e.target.value })}
                />
              </label>
              {members.length > 1 && (
                <button
                  type="button"
                  onClick={() => setMembers((rows) => rows.filter((r) => r.key !== m.key))}
                >
                  {t('intake.newCase.removeMember', { number: index + 1 })}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setMembers((rows) => [
                ...rows,
                {
                  key: Math.max(...rows.map((r) => r.key)) + 1,
                  clientId: '',
                  relation: 'partner',
                  guardianName: '',
                  guardianContact: '',
                },
              ])
            }
          >
            {t('intake.newCase.addMember')}
          </button>
          <p className="hint">{t('intake.newCase.guardianHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('intake.newCase.therapists')}</legend>
          {clinic.therapists.map((th) => (
            <label key={th.staffUserId} className="checkbox">
              <input type="checkbox" name="therapist" value={th.staffUserId} />
              <span>{th.displayName}</span>
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t('intake.newCase.startDate')}</span>
          <input name="startDate" type="date" required defaultValue={today()} />
        </label>
        <FormError message={formError} />
        <button type="submit" disabled={busy}>
          {t('intake.newCase.submit')}
        </button>
      </form>
    </>
  );
}
