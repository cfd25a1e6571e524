// Top bar: app name (link to the person's home page), their name and role, logout, and the menu of the
// pages their role opens (alerts only for the staff the school designated).
import { useState } from 'react';
import { ROLE_LABELS_FR, type Role } from '../../shared/roles.ts';
import { errorMessage } from '../api/client.ts';
import { t } from '../i18n/fr.ts';
import { useNav, type NavState } from '../nav.ts';
import { Link, matchRoute, paths, usePathname, type Route } from '../router.ts';
import { useSession } from '../session.ts';
import './header.css';

interface MenuItem {
  to: string;
  label: string;
  /** Route names under this entry, to mark it as the current page. */
  routes: Route['name'][];
  testId: string;
  badge?: string;
}

export function menuItems(role: Role, nav: Pick<NavState, 'alerts'>): MenuItem[] {
  const alerts: MenuItem[] = nav.alerts
    ? [
        {
          to: paths.alerts(),
          label: t('nav.alerts'),
          routes: ['alerts', 'alert'],
          testId: 'nav-alerts',
          ...(nav.alerts.newCount > 0 ? { badge: String(nav.alerts.newCount) } : {}),
        },
      ]
    : [];
  const gdpr: MenuItem = { to: paths.gdpr(), label: t('nav.gdpr'), routes: ['gdpr'], testId: 'nav-gdpr' };
  switch (role) {
    case 'pupil':
      return [
        { to: paths.home(), label: t('nav.pupilHome'), routes: ['home', 'conversation'], testId: 'nav-home' },
        { to: paths.myData(), label: t('nav.myData'), routes: ['myData', 'notice'], testId: 'nav-my-data' },
      ];
    case 'teacher':
      return [{ to: paths.home(), label: t('nav.teacherHome'), routes: ['home'], testId: 'nav-home' }, ...alerts];
    case 'dpo':
      return [{ ...gdpr, routes: ['gdpr', 'home'] }, ...alerts];
    case 'school-admin':
    case 'academie-admin':
      return [
        { to: paths.admin(), label: t('nav.admin'), routes: ['admin', 'home'], testId: 'nav-admin' },
        { to: paths.rosterImport(), label: t('nav.rosterImport'), routes: ['rosterImport'], testId: 'nav-roster' },
        ...alerts,
        gdpr,
      ];
  }
}

export function Header() {
  const { me, logout } = useSession();
  const nav = useNav();
  const current = matchRoute(usePathname()).name;
  const items = menuItems(me.role, nav);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onLogout = async () => {
    setBusy(true);
    setError(null);
    try {
      await logout();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  const roleLine = `${ROLE_LABELS_FR[me.role]}${me.school ? ` · ${me.school.name}` : ''}`;
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link to={paths.home()} className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <div className="user-box">
          <span className="user-identity">
            <span className="user-name" data-testid="header-name">
              {me.displayName}
            </span>
            <span className="user-role" data-testid="header-role" title={roleLine}>
              {roleLine}
            </span>
          </span>
          <button type="button" className="button button-secondary button-small logout-button" onClick={onLogout} disabled={busy} data-testid="logout">
            {t('header.logout')}
          </button>
        </div>
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul className="app-nav-list">
          {items.map((item) => {
            const active = item.routes.includes(current);
            return (
              <li key={item.testId}>
                <Link to={item.to} className={active ? 'app-nav-link app-nav-active' : 'app-nav-link'} aria-current={active ? 'page' : undefined} data-testid={item.testId}>
                  {item.label}
                  {item.badge ? (
                    <span className="app-nav-badge" data-testid={`${item.testId}-badge`}>
                      <span aria-hidden="true">{item.badge}</span>
                      <span className="visually-hidden">{t('nav.newAlerts', { count: item.badge })}</span>
                    </span>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {error ? (
        <p className="header-error" role="alert">
          {error}
        </p>
      ) : null}
    </header>
  );
}
