// The DPO's queue of rights requests: the legal deadline of each (one month, extendable by two), then the
// decision with its reason, or the extension with its reason. The reason is recorded and told to the pupil.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { OPEN_RIGHTS_STATES, gdprPaths, type RightsKind, type RightsRequest } from '../../gdpr/api.ts';
import { formatDateTime, t } from '../../i18n/fr.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';

const isOpen = (request: RightsRequest) => OPEN_RIGHTS_STATES.includes(request.state);

const DAY_MS = 24 * 60 * 60 * 1000;

/** "dans 12 jours" until the legal deadline, a started day counting as one. */
export function daysLeft(dueAt: number, now: number): string {
  const days = Math.max(1, Math.ceil((dueAt - now) / DAY_MS));
  return days === 1 ? t('requests.dueInOne') : t('requests.dueIn', { days });
}

/** Open requests first, the nearest deadline on top; then decided ones, the latest first. */
export function sortRequests(requests: readonly RightsRequest[]): RightsRequest[] {
  return [...requests].sort((a, b) => {
    if (isOpen(a) !== isOpen(b)) return isOpen(a) ? -1 : 1;
    return isOpen(a) ? a.dueAt - b.dueAt : (b.decidedAt ?? 0) - (a.decidedAt ?? 0);
  });
}

export function RequestsSection() {
  const { resource, reload } = useResource<{ requests: RightsRequest[] }>(gdprPaths.requests());
  return (
    <section className="card gdpr-section" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('requests.title')}</h2>
      <p className="muted">{t('requests.intro')}</p>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? (
        resource.data.requests.length === 0 ? (
          <p className="muted" data-testid="requests-empty">
            {t('requests.empty')}
          </p>
        ) : (
          <ul className="request-list">
            {sortRequests(resource.data.requests).map((request) => (
              <li key={request.id}>
                <RequestCard request={request} onChanged={reload} />
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

const GRANT_EFFECT: Partial<Record<RightsKind, () => string>> = {
  erasure: () => t('requests.effect.erasure'),
  restriction: () => t('requests.effect.freeze'),
  objection: () => t('requests.effect.freeze'),
};

function RequestCard({ request, onChanged }: { request: RightsRequest; onChanged: () => Promise<void> }) {
  const open = isOpen(request);
  const pupil = request.pupil ? [request.pupil.name, request.pupil.login ? `(${request.pupil.login})` : null].filter(Boolean).join(' ') : '';
  return (
    <article className={open ? 'request-card request-open' : 'request-card'} data-testid="request-item" data-request-id={request.id} data-state={request.state} data-overdue={request.overdue}>
      <div className="request-head">
        <h3 className="request-kind">{request.kindLabel}</h3>
        <span className={`badge request-state request-state-${request.state}`}>{request.stateLabel}</span>
        {request.overdue ? (
          <span className="badge badge-danger" data-testid="request-overdue">
            {t('requests.overdue')}
          </span>
        ) : null}
      </div>
      <dl className="request-facts">
        <div>
          <dt>{t('requests.pupil')}</dt>
          <dd>{pupil || t('admin.none')}</dd>
        </div>
        <div>
          <dt>{t('requests.received')}</dt>
          <dd>{formatDateTime(request.receivedAt)}</dd>
        </div>
        <div>
          <dt>{open ? t('requests.due') : t('requests.decidedAt')}</dt>
          <dd data-testid="request-due">
            {open ? formatDateTime(request.dueAt) : request.decidedAt !== null ? formatDateTime(request.decidedAt) : t('admin.none')}
            {open && !request.overdue ? <span className="muted"> · {daysLeft(request.dueAt, Date.now())}</span> : null}
          </dd>
        </div>
      </dl>
      {request.details ? (
        <div className="request-details">
          <p className="request-details-title">{t('requests.details')}</p>
          <Markdown source={request.details} />
        </div>
      ) : null}
      {request.decisionReason ? (
        <p className="request-reason">
          {request.state === 'extended' ? t('requests.extendedBecause', { reason: request.decisionReason }) : t('requests.decisionReason', { reason: request.decisionReason })}
        </p>
      ) : null}
      {open ? <DecisionForms request={request} onChanged={onChanged} /> : null}
    </article>
  );
}

function DecisionForms({ request, onChanged }: { request: RightsRequest; onChanged: () => Promise<void> }) {
  const [decision, setDecision] = useState<'granted' | 'refused' | ''>('');
  const [reason, setReason] = useState('');
  const [extendReason, setExtendReason] = useState('');
  const decide = useApiForm();
  const extend = useApiForm();
  const effect = decision === 'granted' ? GRANT_EFFECT[request.kind]?.() : undefined;

  const onDecide = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!decision) missing.decision = t('requests.chooseDecision');
    if (reason.trim().length < 3) missing.reason = t('requests.reasonRequired');
    if (Object.keys(missing).length > 0) return decide.fail(missing);
    const done = await decide.submit(async () => {
      await api.post(gdprPaths.decide(request.id), { decision, reason: reason.trim() });
      return t('requests.decided');
    });
    if (done) await onChanged();
  };

  const onExtend = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (extendReason.trim().length < 3) return extend.fail({ reason: t('requests.reasonRequired') });
    const done = await extend.submit(async () => {
      await api.post(gdprPaths.extend(request.id), { reason: extendReason.trim() });
      return t('requests.extendedDone');
    });
    if (done) await onChanged();
  };

  return (
    <div className="request-actions">
      <form className="form request-form" onSubmit={onDecide} noValidate data-testid="request-decide-form">
        <fieldset className="field">
          <legend>{t('requests.decision')}</legend>
          <div className="checkbox-list">
            <label className="checkbox">
              <input type="radio" name={`decision-${request.id}`} checked={decision === 'granted'} onChange={() => setDecision('granted')} data-testid="request-grant" />
              {t('requests.grant')}
            </label>
            <label className="checkbox">
              <input type="radio" name={`decision-${request.id}`} checked={decision === 'refused'} onChange={() => setDecision('refused')} data-testid="request-refuse" />
              {t('requests.refuse')}
            </label>
          </div>
          {decide.fieldErrors.decision ? <span className="field-error">{decide.fieldErrors.decision}</span> : null}
        </fieldset>
        {effect ? (
          <p className="request-effect" data-testid="request-effect">
            {effect}
          </p>
        ) : null}
        <Field label={t('requests.reason')} hint={t('requests.reasonHint')} error={decide.fieldErrors.reason}>
          <textarea rows={2} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="request-reason" />
        </Field>
        <FormFeedback error={decide.error} success={decide.success} testId="request-decide" />
        <div className="form-actions">
          <button type="submit" className="button button-small" disabled={decide.busy} data-testid="request-decide">
            {decide.busy ? t('form.saving') : t('requests.decide')}
          </button>
        </div>
      </form>
      {request.state !== 'extended' ? (
        <details className="request-extend">
          <summary>{t('requests.extend')}</summary>
          <form className="form request-form" onSubmit={onExtend} noValidate data-testid="request-extend-form">
            <Field label={t('requests.extendReason')} hint={t('requests.extendHint')} error={extend.fieldErrors.reason}>
              <textarea rows={2} value={extendReason} onChange={(event) => setExtendReason(event.target.value)} data-testid="request-extend-reason" />
            </Field>
            <FormFeedback error={extend.error} success={extend.success} testId="request-extend" />
            <div className="form-actions">
              <button type="submit" className="button button-secondary button-small" disabled={extend.busy} data-testid="request-extend">
                {extend.busy ? t('form.saving') : t('requests.extendSubmit')}
              </button>
            </div>
          </form>
        </details>
      ) : null}
    </div>
  );
}
