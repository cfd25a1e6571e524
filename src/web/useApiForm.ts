// Submitting state of a form: field errors from the API's validation issues, a general error, a success text.
import { useState } from 'react';
import { ApiRequestError, errorMessage } from './api/client.ts';
import { t } from './i18n/fr.ts';

export function useApiForm() {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  /** Runs `action`; returns true when it succeeded. */
  async function submit(action: () => Promise<string>): Promise<boolean> {
    setBusy(true);
    setError(null);
    setSuccess(null);
    setFieldErrors({});
    try {
      setSuccess(await action());
      return true;
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.issues.length > 0) {
        setFieldErrors(caught.fieldErrors());
        setError(caught.code === 'invalid_input' ? t('error.formInvalid') : caught.message);
      } else {
        setError(errorMessage(caught));
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  function fail(errors: Record<string, string>): void {
    setFieldErrors(errors);
    setSuccess(null);
    setError(t('error.formInvalid'));
  }

  return { busy, fieldErrors, error, success, submit, fail };
}
