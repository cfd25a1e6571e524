// Top bar: app name (link to the person's home page), their name and role, and logout.
import { useState } from 'react';
import { ROLE_LABELS_FR } from '../../shared/roles.ts';
import { errorMessage } from '../api/client.ts';
import { t } from '../i18n/fr.ts';
import { Link, paths } from '../router.ts';
import { useSession } from '../session.ts';
import './header.css';

export function Header() {
  const { me, logout } = useSession();
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
      {error ? (
        <p className="header-error" role="alert">
          {error}
        </p>
      ) : null}
    </header>
  );
}
