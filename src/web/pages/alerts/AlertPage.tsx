// One alert, opened by a designated member of staff: the excerpt (the flagged message and its immediate
// context, personal data masked), its state and the handling note. Opening it is written to the audit log.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { formatDateTime, t } from '../../i18n/fr.ts';
import { useNav } from '../../nav.ts';
import { Link, paths } from '../../router.ts';
import { ALERT_STATES, alertPaths, categoryLabel, sourceLabel, stateLabel, type AlertDetail, type AlertState, type AlertSummary } from '../../safety/alerts.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';
import './alerts.css';

/** Same limit as the API's note. */
const MAX_NOTE = 2000;

export function AlertPage({ alertId }: { alertId: string }) {
  useDocumentTitle(t('alert.title'));
  const { resource, reload } = useResource<AlertDetail>(alertPaths.one(alertId));
  // The list names the pupil and the class; the opened alert itself does not repeat them.
  const list = useResource<AlertSummary[]>(alertPaths.list());
  const summary = list.resource.data?.find((alert) => alert.id === alertId);
  const { refreshAlerts } = useNav();
  const opened = resource.status === 'ready';

  // Opening marked it seen: the menu's count of new alerts follows.
  useEffect(() => {
    if (opened) refreshAlerts();
  }, [opened, refreshAlerts]);

  const refused = resource.status === 'failed' && !resource.data;
  return (
    <main className="page alert-page" id="main">
      <p>
        <Link to={paths.alerts()}>
          <span aria-hidden="true">← </span>
          {t('alert.back')}
        </Link>
      </p>
      <h1 tabIndex={-1}>{summary ? t('alert.titleFor', { pupil: summary.pupilName }) : t('alert.title')}</h1>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {refused && (resource.httpStatus === 403 || resource.httpStatus === 404) ? (
        <Alert kind="info" testId="alert-not-found">
          <p>{t('alert.notFound')}</p>
        </Alert>
      ) : refused ? (
        <SectionLoadError message={resource.message} onRetry={() => void reload()} />
      ) : null}
      {resource.data ? (
        <>
          <p className="audit-note" data-testid="alert-audited">
            <span className="audit-note-icon" aria-hidden="true" />
            {t('alert.audited')}
          </p>
          <section className="card alert-detail" aria-labelledby="alert-facts-title" data-testid="alert-detail">
            <h2 id="alert-facts-title" className="visually-hidden">
              {t('alert.facts')}
            </h2>
            <dl className="alert-facts">
              <div>
                <dt>{t('alert.categories')}</dt>
                <dd>
                  {resource.data.categories.map((category) => (
                    <span key={category} className="badge alert-category" data-testid="alert-category">
                      {categoryLabel(category)}
                    </span>
                  ))}
                </dd>
              </div>
              <div>
                <dt>{t('alert.pupil')}</dt>
                <dd data-testid="alert-pupil">{summary ? `${summary.pupilName} · ${summary.className ?? t('alerts.noClass')}` : t('admin.none')}</dd>
              </div>
              <div>
                <dt>{t('alert.received')}</dt>
                <dd>{formatDateTime(resource.data.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('alert.source')}</dt>
                <dd>{sourceLabel(resource.data.source)}</dd>
              </div>
            </dl>
            <h3 className="alert-excerpt-title">{t('alert.excerpt')}</h3>
            <div className="alert-excerpt" data-testid="alert-excerpt">
              <Markdown source={resource.data.excerpt} />
            </div>
          </section>
          <HandlingForm key={resource.data.id} alert={resource.data} onSaved={refreshAlerts} />
        </>
      ) : null}
    </main>
  );
}

function HandlingForm({ alert, onSaved }: { alert: AlertDetail; onSaved: () => void }) {
  const [state, setState] = useState<AlertState>(alert.state);
  const [note, setNote] = useState(alert.note ?? '');
  const form = useApiForm();
  const tooLong = note.trim().length > MAX_NOTE;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (tooLong) {
      form.fail({ note: t('form.tooLong', { max: MAX_NOTE }) });
      return;
    }
    const done = await form.submit(async () => {
      await api.patch<void>(alertPaths.one(alert.id), { state, note: note.trim() });
      return t('alert.saved');
    });
    if (done) onSaved();
  };

  return (
    <section className="card alert-handling" aria-labelledby="alert-handling-title">
      <h2 id="alert-handling-title">{t('alert.handling')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate data-testid="alert-form">
        <fieldset className="field">
          <legend>{t('alert.state')}</legend>
          <div className="alert-state-choices">
            {ALERT_STATES.map((code) => (
              <label key={code} className="choice">
                <input type="radio" name="alert-state" value={code} checked={state === code} onChange={() => setState(code)} data-testid={`alert-state-${code}`} />
                <span className="choice-name">{stateLabel(code)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('alert.note')} hint={t('alert.noteHint')} error={form.fieldErrors.note} optional>
          <textarea rows={4} value={note} onChange={(event) => setNote(event.target.value)} data-testid="alert-note" />
        </Field>
        <FormFeedback error={form.error} success={form.success} testId="alert-form" />
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.busy} data-testid="alert-save">
            {form.busy ? t('form.saving') : t('alert.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
