// Safety alerts of the school for its designated staff: newest to handle first, with the category in
// French, never the pupil's text (it is shown only when an alert is opened, which is audited).
import { useState } from 'react';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { formatDateTime, t } from '../../i18n/fr.ts';
import { Link, paths } from '../../router.ts';
import { alertPaths, categoryLabel, sortAlerts, sourceLabel, stateLabel, type AlertSummary } from '../../safety/alerts.ts';
import { useResource } from '../../useResource.ts';
import './alerts.css';

export function AlertsPage() {
  useDocumentTitle(t('alerts.title'));
  const { resource, reload } = useResource<AlertSummary[]>(alertPaths.list());
  const [showHandled, setShowHandled] = useState(false);

  const all = resource.data ? sortAlerts(resource.data) : [];
  const shown = showHandled ? all : all.filter((alert) => alert.state !== 'handled');
  const handledCount = all.length - all.filter((alert) => alert.state !== 'handled').length;

  return (
    <main className="page alerts-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('alerts.title')}</h1>
        <p>{t('alerts.intro')}</p>
      </div>
      <p className="audit-note" data-testid="alerts-audited">
        <span className="audit-note-icon" aria-hidden="true" />
        {t('alerts.audited')}
      </p>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? (
        <>
          <div className="alerts-toolbar">
            <label className="checkbox">
              <input type="checkbox" checked={showHandled} onChange={(event) => setShowHandled(event.target.checked)} data-testid="alerts-show-handled" />
              {t('alerts.showHandled', { count: handledCount })}
            </label>
            <button type="button" className="button button-secondary button-small" onClick={() => void reload()}>
              {t('admin.refresh')}
            </button>
          </div>
          {shown.length === 0 ? (
            <p className="muted alerts-empty" data-testid="alerts-empty">
              {all.length === 0 ? t('alerts.empty') : t('alerts.noneOpen')}
            </p>
          ) : (
            <ul className="alert-list" data-testid="alert-list">
              {shown.map((alert) => (
                <li key={alert.id}>
                  <AlertCard alert={alert} />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </main>
  );
}

function AlertCard({ alert }: { alert: AlertSummary }) {
  return (
    <article className={`alert-card alert-card-${alert.state}`} data-testid="alert-item" data-state={alert.state} data-alert-id={alert.id}>
      <div className="alert-card-head">
        <span className={`badge alert-state alert-state-${alert.state}`} data-testid="alert-state">
          {stateLabel(alert.state)}
        </span>
        <span className="alert-categories">
          {alert.categories.map((category) => (
            <span key={category} className="badge alert-category" data-testid="alert-category">
              {categoryLabel(category)}
            </span>
          ))}
        </span>
      </div>
      <p className="alert-who">
        <span className="alert-pupil" data-testid="alert-pupil">
          {alert.pupilName}
        </span>
        <span className="muted"> · {alert.className ?? t('alerts.noClass')}</span>
      </p>
      <p className="alert-meta muted">
        {t('alerts.received', { date: formatDateTime(alert.createdAt) })}
        {/* A report's category already says where it comes from. */}
        {alert.source === 'report' ? null : ` · ${sourceLabel(alert.source)}`}
      </p>
      <Link to={paths.alert(alert.id)} className="button button-small alert-open" data-testid="alert-open" aria-label={t('alerts.openLabel', { pupil: alert.pupilName })}>
        {t('alerts.open')}
      </Link>
    </article>
  );
}
