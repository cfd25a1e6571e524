// Sign-in page: a button per single sign-on provider of the school (the ENT), then the login + password
// form; shows the server's French message on failure (wrong password, too many tries).
import { useEffect, useState, type FormEvent } from 'react';
import type { MeResponse } from '../../shared/api.ts';
import { ApiRequestError, api, errorMessage } from '../api/client.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { t } from '../i18n/fr.ts';
import './auth.css';
import { AuthLayout } from '../components/AuthLayout.tsx';

export type LoginNotice = 'sessionExpired' | 'loggedOut' | 'setupDone';

const NOTICE_TEXT = {
  sessionExpired: () => t('error.sessionExpired'),
  loggedOut: () => t('login.loggedOut'),
  setupDone: () => t('login.setupDone'),
} satisfies Record<LoginNotice, () => string>;

/** GET /api/auth/sso/providers */
export interface SsoProvider {
  id: string;
  kind: string;
  label: string;
  uais: string[];
  loginUrl: string;
}

/** Only a path of this server: the button navigates the whole page there, and the server redirects to the ENT. */
const isServerPath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');

/** The school's providers only, when its link gives its UAI (/login?uai=0691234A). */
export function ssoProvidersPath(search: string): string {
  const uai = new URLSearchParams(search).get('uai')?.trim().toUpperCase();
  return uai && /^\d{7}[A-Z]$/.test(uai) ? `/api/auth/sso/providers?uai=${uai}` : '/api/auth/sso/providers';
}

function useSsoProviders(): SsoProvider[] {
  const [providers, setProviders] = useState<SsoProvider[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<SsoProvider[]>(ssoProvidersPath(window.location.search), { signal: controller.signal, expectUnauthorized: true })
      .then((list) => {
        if (!controller.signal.aborted && Array.isArray(list)) setProviders(list.filter((provider) => isServerPath(provider.loginUrl)));
      })
      // Without the list, the password form still works: no error to show for a missing extra.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return providers;
}

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
  const providers = useSsoProviders();

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
    <AuthLayout footer={t('app.tagline')}>
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
        {providers.length > 0 ? (
          <>
            <ul className="sso-list" data-testid="sso-providers">
              {providers.map((provider) => (
                <li key={provider.id}>
                  {/* A plain link: the sign-in leaves for the ENT and comes back with a full page load. */}
                  <a className="button sso-button" href={provider.loginUrl} data-testid="sso-button" data-provider={provider.id}>
                    <span>{t('login.sso')}</span>
                    <span className="sso-label">{provider.label}</span>
                  </a>
                </li>
              ))}
            </ul>
            <p className="auth-separator">
              <span>{t('login.orPassword')}</span>
            </p>
          </>
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
    </AuthLayout>
  );
}
