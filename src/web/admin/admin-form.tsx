import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';

/** A form that sends its fields, then says what happened (errors and success announced). */
export function AdminForm(props: {
  submitLabel: string;
  onSubmit: (form: FormData) => Promise<void>;
  done?: string;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await props.onSubmit(new FormData(element));
      setStatus(props.done ?? t('admin.saved'));
    } catch (e) {
      setError(
        e instanceof ApiError &&
          (e.code === 'validation' || e.code === 'conflict' || e.code === 'forbidden')
          ? [e.detail, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className={props.className ?? 'stack'}>
      {props.children}
      <FormError message={error} />
      <p role="status" className="status-line">
        {status}
      </p>
      <button type="submit" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
