// Whether the language model and the database are working, in words an administrator can act on.
import { useEffect } from 'react';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { formatNumber, t } from '../../i18n/fr.ts';
import { useResource } from '../../useResource.ts';
import type { AdminStatus, ModelState } from './types.ts';

const STATE_LABEL: Record<ModelState, () => string> = {
  none: () => t('admin.status.state.none'),
  loading: () => t('admin.status.state.loading'),
  ready: () => t('admin.status.state.ready'),
  error: () => t('admin.status.state.error'),
};

const STATE_BADGE: Record<ModelState, string> = {
  none: 'badge badge-warning',
  loading: 'badge',
  ready: 'badge badge-success',
  error: 'badge badge-danger',
};

const POLL_WHILE_LOADING_MS = 5000;

export function StatusSection() {
  const { resource, reload } = useResource<AdminStatus>('/api/admin/status');
  const state = resource.data?.model.state;

  useEffect(() => {
    if (state !== 'loading') return;
    const timer = setInterval(() => void reload(), POLL_WHILE_LOADING_MS);
    return () => clearInterval(timer);
  }, [state, reload]);

  return (
    <section className="card admin-section" id="etat" aria-labelledby="etat-title">
      <div className="section-head">
        <h2 id="etat-title">{t('admin.status.title')}</h2>
        <button type="button" className="button button-secondary button-small" onClick={() => void reload()} data-testid="admin-status-refresh">
          {t('admin.refresh')}
        </button>
      </div>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? <StatusDetails status={resource.data} /> : null}
    </section>
  );
}

function StatusDetails({ status }: { status: AdminStatus }) {
  const { model } = status;
  return (
    <div className="status-grid">
      <div className="status-item" data-testid="admin-model-status" data-state={model.state}>
        <h3>{t('admin.status.model')}</h3>
        <p>
          <span className={STATE_BADGE[model.state]}>{STATE_LABEL[model.state]()}</span>
        </p>
        {model.state === 'none' ? (
          <div className="status-help">
            <p>{t('admin.status.noneHelp')}</p>
            <pre>
              <code>{t('admin.status.noneEnv')}</code>
            </pre>
            <p>{t('admin.status.noneConfig')}</p>
          </div>
        ) : (
          <dl className="status-list">
            {model.modelName ? (
              <>
                <dt>{t('admin.status.modelName')}</dt>
                <dd>{model.modelName}</dd>
              </>
            ) : null}
            {model.contextSize !== undefined ? (
              <>
                <dt>{t('admin.status.contextSize')}</dt>
                <dd>{t('admin.status.tokens', { count: formatNumber(model.contextSize) })}</dd>
              </>
            ) : null}
            {model.parallel !== undefined ? (
              <>
                <dt>{t('admin.status.parallel')}</dt>
                <dd>{formatNumber(model.parallel)}</dd>
              </>
            ) : null}
            {model.message ? (
              <>
                <dt>{t('admin.status.message')}</dt>
                <dd>{model.message}</dd>
              </>
            ) : null}
          </dl>
        )}
      </div>
      <div className="status-item" data-testid="admin-database-status" data-database={status.database}>
        <h3>{t('admin.status.database')}</h3>
        <p>{status.database === 'postgres' ? t('admin.status.db.postgres') : t('admin.status.db.sqlite')}</p>
      </div>
    </div>
  );
}
