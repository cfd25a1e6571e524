// Root of the web client: finds out who is signed in, then shows the page of the current path for that role.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MeResponse } from '../shared/api.ts';
import { ApiRequestError, api, errorMessage, setUnauthorizedListener } from './api/client.ts';
import { Alert } from './components/Alert.tsx';
import { Header } from './components/Header.tsx';
import { useNoticeGate } from './gdpr/useNoticeGate.ts';
import { t } from './i18n/fr.ts';
import { NavContext, useNavState, type NavState } from './nav.ts';
import { AdminPage } from './pages/admin/AdminPage.tsx';
import { RosterImportPage } from './pages/admin/RosterImportPage.tsx';
import { AlertsPage } from './pages/alerts/AlertsPage.tsx';
import { ConversationsPage } from './pages/ConversationsPage.tsx';
import { LoginPage, type LoginNotice } from './pages/LoginPage.tsx';
import { MyDataPage } from './pages/mydata/MyDataPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { TeacherPage } from './pages/teacher/TeacherPage.tsx';
import { Link, matchRoute, navigate, paths, usePathname, type Route } from './router.ts';
import { isAdmin, SessionContext, type Session } from './session.ts';

// Pages that show model, pupil or generated text bring KaTeX, markdown-it and DOMPurify: load them only
// for the pages that need them.
const ChatPage = lazy(async () => ({ default: (await import('./pages/ChatPage.tsx')).ChatPage }));
const AlertPage = lazy(async () => ({ default: (await import('./pages/alerts/AlertPage.tsx')).AlertPage }));
const GdprPage = lazy(async () => ({ default: (await import('./pages/gdpr/GdprPage.tsx')).GdprPage }));
const NoticePage = lazy(async () => ({ default: (await import('./pages/mydata/NoticePage.tsx')).NoticePage }));
const NoticeGate = lazy(async () => ({ default: (await import('./pages/mydata/NoticePage.tsx')).NoticeGate }));

type MeState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: MeResponse } | { status: 'failed'; message: string };

export function App() {
  const pathname = usePathname();
  const route = matchRoute(pathname);
  const [meState, setMeState] = useState<MeState>({ status: 'loading' });
  const [notice, setNotice] = useState<LoginNotice | null>(null);
  /** Where to go back after signing in, when a signed-out person opened a deep link. */
  const returnTo = useRef<string | null>(null);

  const loadMe = useCallback(async () => {
    try {
      const me = await api.get<MeResponse>('/api/me', { expectUnauthorized: true });
      setMeState({ status: 'signedIn', me });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) setMeState({ status: 'anonymous' });
      else setMeState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  useEffect(() => {
    setUnauthorizedListener(() => {
      setMeState((previous) => {
        if (previous.status === 'signedIn') setNotice('sessionExpired');
        return { status: 'anonymous' };
      });
    });
    return () => setUnauthorizedListener(undefined);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout', {}, { expectUnauthorized: true });
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    }
    returnTo.current = null;
    setNotice('loggedOut');
    setMeState({ status: 'anonymous' });
    navigate(paths.login());
  }, []);

  const session = useMemo<Session | null>(
    () => (meState.status === 'signedIn' ? { me: meState.me, logout } : null),
    [meState, logout],
  );
  const nav = useNavState(session?.me.role ?? null);
  const information = useNoticeGate(session?.me ?? null);

  // Redirects that depend on who is signed in.
  useEffect(() => {
    if (meState.status === 'anonymous' && route.name !== 'login' && route.name !== 'setup' && route.name !== 'passwordReset') {
      if (route.name !== 'home' && route.name !== 'notFound') returnTo.current = pathname;
      navigate(paths.login(), { replace: true });
    } else if (meState.status === 'signedIn' && route.name === 'login') {
      const target = returnTo.current ?? paths.home();
      returnTo.current = null;
      navigate(target, { replace: true });
    } else if (meState.status === 'signedIn' && route.name === 'home' && isAdmin(meState.me.role)) {
      navigate(paths.admin(), { replace: true });
    }
  }, [meState, route.name, pathname]);

  useFocusOnNavigation(pathname);

  if (meState.status === 'loading') {
    return (
      <div className="centered" role="status">
        {t('app.loading')}
      </div>
    );
  }

  if (meState.status === 'failed' && route.name !== 'setup' && route.name !== 'passwordReset') {
    return (
      <main className="page page-narrow" id="main">
        <Alert kind="error" title={t('error.unexpected')}>
          <p>{meState.message}</p>
        </Alert>
        <button type="button" className="button" onClick={() => void loadMe()}>
          {t('app.retry')}
        </button>
      </main>
    );
  }

  if (route.name === 'setup') {
    return (
      <Shell session={null} nav={nav}>
        <SetupPage onDone={() => setNotice('setupDone')} />
      </Shell>
    );
  }

  // Opened from a one-time link, signed in or not: the page only talks to the link's own routes.
  if (route.name === 'passwordReset') {
    return (
      <Shell session={null} nav={nav}>
        <ResetPasswordPage token={route.token} />
      </Shell>
    );
  }

  if (!session) {
    return (
      <Shell session={null} nav={nav}>
        <LoginPage
          notice={notice}
          onLoggedIn={(me) => {
            setNotice(null);
            setMeState({ status: 'signedIn', me });
          }}
        />
      </Shell>
    );
  }

  const gate = information.gate;
  return (
    <Shell session={session} nav={nav}>
      {gate.status === 'checking' ? (
        <PageLoading />
      ) : gate.status === 'required' && route.name !== 'notice' ? (
        <Suspense fallback={<PageLoading />}>
          <NoticeGate notice={gate.notice} onDone={information.done} onChanged={information.recheck} />
        </Suspense>
      ) : (
        <SignedInPage route={route} role={session.me.role} />
      )}
    </Shell>
  );
}

function SignedInPage({ route, role }: { route: Route; role: MeResponse['role'] }) {
  switch (route.name) {
    case 'home':
      if (role === 'pupil') return <ConversationsPage />;
      if (isAdmin(role)) return <AdminPage />;
      if (role === 'teacher') return <TeacherPage />;
      return (
        <Suspense fallback={<PageLoading />}>
          <GdprPage section="registre" />
        </Suspense>
      );
    case 'conversation':
      return role === 'pupil' ? (
        <Suspense fallback={<PageLoading />}>
          <ChatPage key={route.id} conversationId={route.id} />
        </Suspense>
      ) : (
        <Forbidden />
      );
    case 'admin':
      return isAdmin(role) ? <AdminPage /> : <Forbidden />;
    case 'rosterImport':
      return isAdmin(role) ? <RosterImportPage /> : <Forbidden />;
    case 'alerts':
      return handlesAlerts(role) ? <AlertsPage /> : <Forbidden />;
    case 'alert':
      return handlesAlerts(role) ? (
        <Suspense fallback={<PageLoading />}>
          <AlertPage key={route.id} alertId={route.id} />
        </Suspense>
      ) : (
        <Forbidden />
      );
    case 'myData':
      return role === 'pupil' ? <MyDataPage /> : <Forbidden />;
    case 'notice':
      return (
        <Suspense fallback={<PageLoading />}>
          <NoticePage />
        </Suspense>
      );
    case 'gdpr':
      return role === 'pupil' || role === 'teacher' ? (
        <Forbidden />
      ) : (
        <Suspense fallback={<PageLoading />}>
          <GdprPage section={route.section} />
        </Suspense>
      );
    case 'login':
    case 'setup':
    case 'passwordReset':
      return null;
    case 'notFound':
      return <NotFoundPage />;
  }
}

/** The school designates who handles alerts; the page asks the API, which answers for this person. */
const handlesAlerts = (role: MeResponse['role']) => role === 'teacher' || role === 'school-admin' || role === 'dpo';

function PageLoading() {
  return (
    <main className="page" id="main">
      <p className="muted" role="status">
        {t('app.loading')}
      </p>
    </main>
  );
}

function Forbidden() {
  return (
    <main className="page page-narrow" id="main">
      <h1 tabIndex={-1}>{t('error.forbidden')}</h1>
      <p>
        <Link to={paths.home()}>{t('notFound.back')}</Link>
      </p>
    </main>
  );
}

function Shell({ session, nav, children }: { session: Session | null; nav: NavState; children: ReactNode }) {
  return (
    <SessionContext.Provider value={session}>
      <NavContext.Provider value={nav}>
        <div className="app-shell">
          <a className="skip-link" href="#main">
            {t('app.skipToContent')}
          </a>
          {session ? <Header /> : null}
          {children}
        </div>
      </NavContext.Provider>
    </SessionContext.Provider>
  );
}

/** After an in-app navigation, moves keyboard and screen reader focus to the new page's title. */
function useFocusOnNavigation(pathname: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus({ preventScroll: false });
  }, [pathname]);
}
