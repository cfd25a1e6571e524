// First-run page reached by the one-time link /setup#token=… that the server prints: creates the first admin.
import { useState, type FormEvent } from 'react';
import { ApiRequestError, api, errorMessage } from '../api/client.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import { navigate, paths } from '../router.ts';
import './auth.css';
import { AuthLayout } from '../components/AuthLayout.tsx';

/** The token travels in the URL fragment, which the browser never sends to a server nor in a Referer. */
export function readSetupToken(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

const MIN_PASSWORD = 12;

export function SetupPage({ onDone }: { onDone: () => void }) {
  useDocumentTitle(t('setup.title'));
  const [token] = useState(() => readSetupToken(window.location.hash));
  const [values, setValues] = useState({ login: '', displayName: '', password: '', confirm: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [name]: event.target.value }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!token) return;
    setError(null);
    const problems: Record<string, string> = {};
    if (!values.login.trim()) problems.login = t('form.required');
    if (!values.displayName.trim()) problems.displayName = t('form.required');
    if (values.password.length < MIN_PASSWORD) problems.password = t('setup.passwordTooShort');
    if (values.confirm !== values.password) problems.confirm = t('setup.passwordMismatch');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) {
      setError(t('error.formInvalid'));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/setup', {
        token,
        login: values.login.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
      });
      onDone();
      navigate(paths.login(), { replace: true });
    } catch (caught) {
      if (caught instanceof ApiRequestError) setFieldErrors(caught.fieldErrors());
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <AuthLayout wide>
        <h1 tabIndex={-1}>{t('setup.title')}</h1>
        {!token ? (
          <Alert kind="warning" testId="setup-missing-token">
            <p>{t('setup.missingToken')}</p>
          </Alert>
        ) : (
          <>
            <p className="muted">{t('setup.intro')}</p>
            {error ? (
              <Alert kind="error" testId="setup-error">
                <p>{error}</p>
              </Alert>
            ) : null}
            <form className="form" onSubmit={onSubmit} noValidate>
              <Field label={t('setup.login')} error={fieldErrors.login}>
                <input
                  type="text"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  value={values.login}
                  onChange={set('login')}
                  data-testid="setup-login"
                />
              </Field>
              <Field label={t('setup.displayName')} error={fieldErrors.displayName}>
                <input type="text" autoComplete="name" value={values.displayName} onChange={set('displayName')} data-testid="setup-displayname" />
              </Field>
              <Field label={t('setup.password')} hint={t('setup.passwordHint')} error={fieldErrors.password}>
                <input type="password" autoComplete="new-password" value={values.password} onChange={set('password')} data-testid="setup-password" />
              </Field>
              <Field label={t('setup.passwordConfirm')} error={fieldErrors.confirm}>
                <input type="password" autoComplete="new-password" value={values.confirm} onChange={set('confirm')} data-testid="setup-password-confirm" />
              </Field>
              {fieldErrors.token ? <p className="field-error">{fieldErrors.token}</p> : null}
              <button type="submit" className="button" disabled={busy} data-testid="setup-submit">
                {busy ? t('setup.submitting') : t('setup.submit')}
              </button>
            </form>
          </>
        )}
    </AuthLayout>
  );
}
