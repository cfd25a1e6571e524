// Page of a one-time reset link (/reinitialisation/<token>) an administrator handed over: the person
// chooses a new password under the policy; every open session of the account ends.
import { useEffect, useState, type FormEvent } from 'react';
import type { PasswordResetInfo } from '../../shared/api.ts';
import { passwordProblem } from '../../shared/password-policy.ts';
import { api, errorMessage } from '../api/client.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import { Link, paths } from '../router.ts';
import './auth.css';
import { AuthLayout } from '../components/AuthLayout.tsx';

type State =
  | { status: 'checking' }
  | { status: 'invalid'; message: string }
  | { status: 'ready'; info: PasswordResetInfo }
  | { status: 'done'; login: string };

export function ResetPasswordPage({ token }: { token: string }) {
  useDocumentTitle(t('reset.title'));
  const [state, setState] = useState<State>({ status: 'checking' });
  const [values, setValues] = useState({ password: '', confirm: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/password-resets/${encodeURIComponent(token)}`;

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<PasswordResetInfo>(path, { signal: controller.signal, expectUnauthorized: true })
      .then((info) => setState({ status: 'ready', info }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'invalid', message: errorMessage(caught) });
      });
    return () => controller.abort();
  }, [path]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.status !== 'ready') return;
    setError(null);
    // The same policy as the server, so the person learns at once what to change; the server decides.
    const problems: Record<string, string> = {};
    const weakness = passwordProblem(values.password, { login: state.info.login, displayName: state.info.displayName });
    if (weakness) problems.password = weakness;
    if (values.confirm !== values.password) problems.confirm = t('reset.mismatch');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) {
      setError(problems.password ?? t('error.formInvalid'));
      return;
    }
    setBusy(true);
    try {
      const { login } = await api.post<{ login: string }>(path, { password: values.password }, { expectUnauthorized: true });
      setState({ status: 'done', login });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout wide>
        <h1 tabIndex={-1}>{t('reset.title')}</h1>
        {state.status === 'checking' ? (
          <p className="muted" role="status">
            {t('reset.checking')}
          </p>
        ) : null}
        {state.status === 'invalid' ? (
          <Alert kind="warning" testId="reset-invalid">
            <p>{state.message}</p>
          </Alert>
        ) : null}
        {state.status === 'done' ? (
          <>
            <Alert kind="success" testId="reset-done">
              <p>{t('reset.done', { login: state.login })}</p>
            </Alert>
            <p>
              <Link to={paths.login()} className="button" data-testid="reset-to-login">
                {t('reset.toLogin')}
              </Link>
            </p>
          </>
        ) : null}
        {state.status === 'ready' ? (
          <>
            <p className="muted">{t('reset.intro', { login: state.info.login, name: state.info.displayName })}</p>
            {error ? (
              <Alert kind="error" testId="reset-error">
                <p>{error}</p>
              </Alert>
            ) : null}
            <form className="form" onSubmit={onSubmit} noValidate>
              {/* Lets a password manager file the new password under the right account. */}
              <input type="text" name="username" autoComplete="username" value={state.info.login} readOnly hidden />
              <Field label={t('reset.password')} hint={t('reset.passwordHint')} error={fieldErrors.password}>
                <input
                  type="password"
                  autoComplete="new-password"
                  value={values.password}
                  onChange={(event) => setValues((previous) => ({ ...previous, password: event.target.value }))}
                  data-testid="reset-password"
                />
              </Field>
              <Field label={t('reset.passwordConfirm')} error={fieldErrors.confirm}>
                <input
                  type="password"
                  autoComplete="new-password"
                  value={values.confirm}
                  onChange={(event) => setValues((previous) => ({ ...previous, confirm: event.target.value }))}
                  data-testid="reset-password-confirm"
                />
              </Field>
              <button type="submit" className="button" disabled={busy} data-testid="reset-submit">
                {busy ? t('reset.submitting') : t('reset.submit')}
              </button>
            </form>
          </>
        ) : null}
    </AuthLayout>
  );
}
