// "Mes données" for a pupil: who opened its data and why, the download of everything Tuteur holds about
// it, its requests to the DPO (access, rectification, restriction, objection, erasure), and the notice.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { RIGHTS_KINDS, gdprPaths, type AccessLogEntry, type RightsKind, type RightsRequest } from '../../gdpr/api.ts';
import { useDocumentTitle } from '../../hooks.ts';
import { formatDateTime, t, tMaybe } from '../../i18n/fr.ts';
import { Link, paths } from '../../router.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';
import './mydata.css';

/** Same limit as the API's request details. */
const MAX_DETAILS = 2000;

export function MyDataPage() {
  useDocumentTitle(t('myData.title'));
  return (
    <main className="page my-data-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('myData.title')}</h1>
        <p>{t('myData.intro')}</p>
        <nav aria-label={t('myData.sectionsLabel')} className="page-toc">
          <a href="#consultations">{t('myData.access.title')}</a>
          <a href="#telecharger">{t('myData.export.title')}</a>
          <a href="#demandes">{t('myData.requests.title')}</a>
        </nav>
      </div>
      <AccessLogSection />
      <ExportSection />
      <RequestsSection />
      <p className="my-data-notice">
        <Link to={paths.notice()} data-testid="my-data-notice">
          {t('myData.notice')}
        </Link>
      </p>
    </main>
  );
}

function AccessLogSection() {
  const { resource, reload } = useResource<{ entries: AccessLogEntry[] }>(gdprPaths.accessLog());
  return (
    <section className="card my-data-section" id="consultations" aria-labelledby="consultations-title">
      <h2 id="consultations-title">{t('myData.access.title')}</h2>
      <p className="muted">{t('myData.access.intro')}</p>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? (
        resource.data.entries.length === 0 ? (
          <p data-testid="access-log-empty">{t('myData.access.empty')}</p>
        ) : (
          <ul className="access-list" data-testid="access-log">
            {resource.data.entries.map((entry, index) => (
              <li key={`${entry.at}-${index}`} className="access-item" data-testid="access-entry" data-action={entry.action}>
                <p className="access-what">
                  <span className="access-who" data-testid="access-who">
                    {entry.who}
                  </span>{' '}
                  <span className="muted">({entry.role})</span>
                </p>
                <p className="access-action">
                  {entry.actionLabel} · <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
                </p>
                {entry.reason ? (
                  <p className="access-reason" data-testid="access-reason">
                    {t('myData.access.reason', { reason: entry.reason })}
                    {entry.reasonText ? ` — « ${entry.reasonText} »` : ''}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

function ExportSection() {
  return (
    <section className="card my-data-section" id="telecharger" aria-labelledby="telecharger-title">
      <h2 id="telecharger-title">{t('myData.export.title')}</h2>
      <p className="muted">{t('myData.export.intro')}</p>
      <div className="button-row">
        <a className="button" href={gdprPaths.export('pdf')} download data-testid="export-pdf">
          {t('myData.export.pdf')}
        </a>
        <a className="button button-secondary" href={gdprPaths.export('json')} download data-testid="export-json">
          {t('myData.export.json')}
        </a>
      </div>
    </section>
  );
}

const kindLabel = (kind: RightsKind) => tMaybe(`rights.kind.${kind}`) ?? kind;
const kindHelp = (kind: RightsKind) => tMaybe(`rights.help.${kind}`) ?? '';

function RequestsSection() {
  const { resource, reload } = useResource<{ requests: RightsRequest[] }>(gdprPaths.myRequests());
  const [kind, setKind] = useState<RightsKind | ''>('');
  const [details, setDetails] = useState('');
  const form = useApiForm();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!kind) missing.kind = t('myData.requests.chooseKind');
    if (details.trim().length > MAX_DETAILS) missing.details = t('form.tooLong', { max: MAX_DETAILS });
    if (Object.keys(missing).length > 0) return form.fail(missing);
    const done = await form.submit(async () => {
      const text = details.trim();
      const created = await api.post<RightsRequest>(gdprPaths.myRequests(), text ? { kind, details: text } : { kind });
      return t('myData.requests.sent', { date: formatDateTime(created.dueAt) });
    });
    if (done) {
      setKind('');
      setDetails('');
      await reload();
    }
  };

  return (
    <section className="card my-data-section" id="demandes" aria-labelledby="demandes-title">
      <h2 id="demandes-title">{t('myData.requests.title')}</h2>
      <p className="muted">{t('myData.requests.intro')}</p>
      <form className="form my-data-form" onSubmit={onSubmit} noValidate data-testid="rights-form">
        <fieldset className="field">
          <legend>{t('myData.requests.kind')}</legend>
          <div className="choice-list">
            {RIGHTS_KINDS.map((code) => (
              <label key={code} className="choice">
                <input type="radio" name="rights-kind" value={code} checked={kind === code} onChange={() => setKind(code)} data-testid={`rights-kind-${code}`} />
                <span>
                  <span className="choice-name">{kindLabel(code)}</span>
                  <span className="choice-help">{kindHelp(code)}</span>
                </span>
              </label>
            ))}
          </div>
          {form.fieldErrors.kind ? <span className="field-error">{form.fieldErrors.kind}</span> : null}
        </fieldset>
        <Field label={t('myData.requests.details')} hint={t('myData.requests.detailsHint')} error={form.fieldErrors.details} optional>
          <textarea rows={3} value={details} onChange={(event) => setDetails(event.target.value)} data-testid="rights-details" />
        </Field>
        <FormFeedback error={form.error} success={form.success} testId="rights" />
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.busy} data-testid="rights-submit">
            {form.busy ? t('form.saving') : t('myData.requests.submit')}
          </button>
        </div>
      </form>

      <h3 className="my-requests-title">{t('myData.requests.list')}</h3>
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? (
        resource.data.requests.length === 0 ? (
          <p className="muted" data-testid="my-requests-empty">
            {t('myData.requests.empty')}
          </p>
        ) : (
          <ul className="my-requests">
            {resource.data.requests.map((request) => (
              <li key={request.id} className="my-request" data-testid="my-request" data-state={request.state}>
                <p className="my-request-head">
                  <span className="choice-name">{kindLabel(request.kind)}</span>
                  <span className="badge">{request.stateLabel}</span>
                </p>
                <p className="muted">
                  {t('myData.requests.sentOn', { date: formatDateTime(request.receivedAt) })}
                  {request.decidedAt === null ? ` · ${t('myData.requests.due', { date: formatDateTime(request.dueAt) })}` : ''}
                </p>
                {request.decisionReason ? <p>{t('myData.requests.answer', { reason: request.decisionReason })}</p> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
