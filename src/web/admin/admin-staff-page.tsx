import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.tsx';
import { ClinicSelect } from '../components/clinic-select.tsx';
import {
  ROLE_NAMES,
  type RoleName,
  type StaffView,
  addSupervision,
  createStaff,
  fetchClinics,
  fetchStaff,
  fetchSupervision,
  removeSupervision,
  resetSecondFactor,
  setRoles,
  setStatus,
  verifyOwnCode,
} from './admin-api.ts';
import { AdminForm } from './admin-form.tsx';
import { useLoad } from './use-load.ts';

const loadAll = async () => {
  const [clinics, staff, supervision] = await Promise.all([
    fetchClinics(),
    fetchStaff(),
    fetchSupervision(),
  ]);
  return { clinics: clinics.clinics, staff: staff.staff, pairs: supervision.pairs };
};

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** /admin/staff: accounts, roles per clinic, supervision, disabling. */
export function AdminStaffPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const { data, error, reload } = useLoad(loadAll);
  if (error)
    return (
      <>
        <h1>{t('admin.staff.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const nameOf = (id: string) => data.staff.find((s) => s.id === id)?.displayName ?? id;
  const clinicName = (id: string) => data.clinics.find((c) => c.id === id)?.name ?? id;
  const with_ = (role: RoleName) => data.staff.filter((s) => s.roles.some((r) => r.role === role));

  return (
    <>
      <h1>{t('admin.staff.title')}</h1>
      <div className="table-wrap">
        <table>
          <caption>{t('admin.staff.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.staff.name')}</th>
              <th scope="col">{t('admin.staff.email')}</th>
              <th scope="col">{t('admin.staff.roles')}</th>
              <th scope="col">{t('admin.staff.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.displayName}</th>
                <td>{s.email}</td>
                <td>
                  {s.roles
                    .map((r) => `${t(`admin.roles.${r.role}`)} (${clinicName(r.clinicId)})`)
                    .join(', ')}
                </td>
                <td>{t(`admin.staff.statuses.${s.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="add-staff" className="panel">
        <h2 id="add-staff">{t('admin.staff.add')}</h2>
        <p className="hint">{t('admin.staff.addHint')}</p>
        <AdminForm
          submitLabel={t('admin.staff.addSubmit')}
          onSubmit={async (form) => {
            await createStaff({
              email: field(form, 'email'),
              displayName: field(form, 'displayName'),
              clinicId: field(form, 'clinicId'),
              role: field(form, 'role') as RoleName,
            });
            reload();
          }}
        >
          <label>
            <span>{t('admin.staff.name')}</span>
            <input name="displayName" required maxLength={120} autoComplete="off" />
          </label>
          <label>
            <span>{t('admin.staff.email')}</span>
            <input name="email" type="email" required autoComplete="off" />
          </label>
          <ClinicSelect clinics={data.clinics} name="clinicId" required />
          <RoleSelect />
        </AdminForm>
      </section>

      <section aria-labelledby="change-roles" className="panel">
        <h2 id="change-roles">{t('admin.staff.changeRoles')}</h2>
        <AdminForm
          submitLabel={t('admin.staff.saveRoles')}
          onSubmit={async (form) => {
            await setRoles(
              field(form, 'staffId'),
              field(form, 'clinicId'),
              form.getAll('roles').map(String) as RoleName[],
            );
            reload();
          }}
        >
          <PersonSelect name="staffId" label={t('admin.staff.person')} staff={data.staff} />
          <ClinicSelect clinics={data.clinics} name="clinicId" required />
          <fieldset className="choices">
            <legend>{t('admin.staff.roles')}</legend>
            {ROLE_NAMES.map((role) => (
              <label key={role} className="choice">
                <input type="checkbox" name="roles" value={role} />
                <span>{t(`admin.roles.${role}`)}</span>
              </label>
            ))}
          </fieldset>
        </AdminForm>
      </section>

      <section aria-labelledby="account-status" className="panel">
        <h2 id="account-status">{t('admin.staff.accountStatus')}</h2>
        <AdminForm
          submitLabel={t('admin.staff.saveStatus')}
          onSubmit={async (form) => {
            await setStatus(field(form, 'staffId'), field(form, 'status') as StaffView['status']);
            reload();
          }}
        >
          <PersonSelect
            name="staffId"
            label={t('admin.staff.person')}
            staff={data.staff.filter((s) => s.id !== session?.staff?.id)}
          />
          <label>
            <span>{t('admin.staff.status')}</span>
            <select name="status">
              <option value="disabled">{t('admin.staff.statuses.disabled')}</option>
              <option value="active">{t('admin.staff.statuses.active')}</option>
            </select>
          </label>
        </AdminForm>
      </section>

      <section aria-labelledby="reset-second-factor" className="panel">
        <h2 id="reset-second-factor">{t('admin.staff.resetSecondFactor')}</h2>
        <p className="hint">{t('admin.staff.resetSecondFactorHint')}</p>
        <AdminForm
          submitLabel={t('admin.staff.resetSecondFactorSubmit')}
          done={t('admin.staff.resetSecondFactorDone')}
          onSubmit={async (form) => {
            const code = field(form, 'code');
            if (code) await verifyOwnCode(code);
            await resetSecondFactor(field(form, 'staffId'));
          }}
        >
          <PersonSelect
            name="staffId"
            label={t('admin.staff.person')}
            staff={data.staff.filter((s) => s.id !== session?.staff?.id)}
          />
          <label>
            <span>{t('admin.staff.yourCode')}</span>
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
            />
          </label>
        </AdminForm>
      </section>

      <section aria-labelledby="supervision" className="panel">
        <h2 id="supervision">{t('admin.staff.supervision')}</h2>
        {data.pairs.length === 0 ? (
          <p>{t('admin.staff.noSupervision')}</p>
        ) : (
          <ul className="pairs">
            {data.pairs.map((p) => (
              <li key={`${p.supervisorId}-${p.superviseeId}`}>
                <span>
                  {t('admin.staff.supervises', {
                    supervisor: nameOf(p.supervisorId),
                    supervisee: nameOf(p.superviseeId),
                  })}
                </span>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => void removeSupervision(p).then(reload)}
                >
                  {t('admin.staff.removeSupervision', {
                    supervisor: nameOf(p.supervisorId),
                    supervisee: nameOf(p.superviseeId),
                  })}
                </button>
              </li>
            ))}
          </ul>
        )}
        <AdminForm
          submitLabel={t('admin.staff.addSupervision')}
          onSubmit={async (form) => {
            await addSupervision({
              supervisorId: field(form, 'supervisorId'),
              superviseeId: field(form, 'superviseeId'),
            });
            reload();
          }}
        >
          <PersonSelect
            name="supervisorId"
            label={t('admin.staff.supervisor')}
            staff={with_('supervisor')}
          />
          <PersonSelect
            name="superviseeId"
            label={t('admin.staff.supervisee')}
            staff={with_('therapist')}
          />
        </AdminForm>
      </section>
    </>
  );
}

function RoleSelect() {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('admin.staff.role')}</span>
      <select name="role" defaultValue="therapist">
        {ROLE_NAMES.map((r) => (
          <option key={r} value={r}>
            {t(`admin.roles.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function PersonSelect(props: { name: string; label: string; staff: StaffView[] }) {
  return (
    <label>
      <span>{props.label}</span>
      <select name={props.name} required>
        {props.staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.displayName} ({s.email})
          </option>
        ))}
      </select>
    </label>
  );
}
