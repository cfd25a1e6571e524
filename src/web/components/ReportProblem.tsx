// "Signaler un problème" under a tutor answer: a discreet link that opens a short form with an optional
// reason; the report goes to the school's designated staff, and the pupil gets a French confirmation.
import { useId, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client.ts';
import { t } from '../i18n/fr.ts';

/** Same limit as the API's report body. */
export const MAX_REPORT_REASON = 1000;

export function ReportProblem({ conversationId, messageId }: { conversationId: string; messageId: string }) {
  const [state, setState] = useState<'closed' | 'open' | 'sending' | 'sent'>('closed');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const hintId = useId();

  if (state === 'sent') {
    return (
      <p className="report-done" role="status" data-testid="report-done">
        {t('report.done')}
      </p>
    );
  }

  if (state === 'closed') {
    return (
      <button type="button" className="report-open button-link" onClick={() => setState('open')} data-testid="report-open">
        {t('report.open')}
      </button>
    );
  }

  const tooLong = reason.trim().length > MAX_REPORT_REASON;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (tooLong) return;
    setState('sending');
    setError(null);
    const text = reason.trim();
    try {
      await api.post<void>(
        `/api/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/report`,
        text ? { reason: text } : {},
      );
      setState('sent');
    } catch (caught) {
      setError(errorMessage(caught));
      setState('open');
    }
  };

  return (
    <form className="report-form" onSubmit={onSubmit} data-testid="report-form">
      <label htmlFor={reasonId} className="report-label">
        {t('report.reason')} <span className="optional">({t('form.optional')})</span>
      </label>
      <textarea
        id={reasonId}
        rows={2}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-describedby={hintId}
        aria-invalid={tooLong || undefined}
        data-testid="report-reason"
      />
      <span id={hintId} className="field-hint">
        {tooLong ? t('form.tooLong', { max: MAX_REPORT_REASON }) : t('report.hint')}
      </span>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-small" disabled={state === 'sending' || tooLong} data-testid="report-send">
          {state === 'sending' ? t('report.sending') : t('report.send')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => setState('closed')}>
          {t('report.cancel')}
        </button>
      </div>
    </form>
  );
}
