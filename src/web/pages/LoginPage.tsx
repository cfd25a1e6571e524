// Sign-in form (login + password); shows the server's French message on failure (wrong password, too many tries).
import { useState, type FormEvent } from 'react';
import type { MeResponse } from '../../shared/api.ts';
import { ApiRequestError, api, errorMessage } from '../api/client.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import './auth.css';

export type LoginNotice = 'sessionExpired' | 'loggedOut' | 'setupDone';

const NOTICE_TEXT = {
  sessionExpired: () => t('error.sessionExpired'),
  loggedOut: () => t('login.loggedOut'),
  setupDone: () => t('login.setupDone'),
} satisfies Record<LoginNotice, () => string>;

interface LoginPageProps {
  notice: LoginNotice | null;
  onLoggedIn: (me: MeResponse) => void;
}

export function LoginPage({ notice, onLoggedIn }: LoginPageProps) {
  useDocumentTitle(t('login.title'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const missing: Record<string, string> = {};
    if (!login.trim()) missing.login = t('form.required');
    if (!password) missing.password = t('form.required');
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const me = await api.post<MeResponse>('/api/auth/login', { login: login.trim(), password }, { expectUnauthorized: true });
      onLoggedIn(me);
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.issues.length > 0) setFieldErrors(caught.fieldErrors());
      setError(errorMessage(caught));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="auth-page" id="main">
      <div className="auth-brand" aria-hidden="true">
        <span className="brand-mark">T</span>
        <span>{t('app.name')}</span>
      </div>
      <div className="card auth-card">
        <h1 tabIndex={-1}>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {notice && !error ? (
          <Alert kind={notice === 'sessionExpired' ? 'warning' : notice === 'setupDone' ? 'success' : 'info'} testId="login-notice">
            <p>{NOTICE_TEXT[notice]()}</p>
          </Alert>
        ) : null}
        {error ? (
          <Alert kind="error" testId="login-error">
            <p>{error}</p>
          </Alert>
        ) : null}
        <form className="form" onSubmit={onSubmit} noValidate>
          <Field label={t('login.login')} error={fieldErrors.login}>
            <input
              name="login"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={login}
              onChange={(event) => setLogin(event.target.value)}
              data-testid="login-login"
            />
          </Field>
          <Field label={t('login.password')} error={fieldErrors.password}>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="login-password"
            />
          </Field>
          <button type="submit" className="button" disabled={busy} data-testid="login-submit">
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
      <p className="auth-footer">{t('app.tagline')}</p>
    </main>
  );
}
