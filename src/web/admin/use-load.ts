import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';

/** Loads data for a page: the value, a translated error, and a way to load again. */
export function useLoad<T>(load: () => Promise<T>) {
  const { t } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    load()
      .then((value) => {
        setData(value);
        setError(null);
      })
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.code === 'forbidden' && e.status === 403
            ? t('admin.forbidden')
            : errorMessage(t, e),
        ),
      );
    // `load` is a module-level function of the page: it never changes.
  }, []);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
