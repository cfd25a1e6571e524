// The audit log for the DPO: its integrity check (hash chain and signed seals) first, then the entries,
// newest first, filtered by event type, page by page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { AUDIT_ACTIONS, gdprPaths, type AuditDetailValue, type AuditEntry, type AuditPage, type AuditVerification } from '../../gdpr/api.ts';
import { formatDateTime, formatNumber, t, tMaybe } from '../../i18n/fr.ts';
import { useResource } from '../../useResource.ts';

const PAGE_SIZE = 50;

export function AuditSection({ schoolId }: { schoolId: string | null }) {
  const [action, setAction] = useState('');
  return (
    <section className="card gdpr-section" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <Verification />
      <div className="audit-filter">
        <Field label={t('audit.filter')}>
          <select value={action} onChange={(event) => setAction(event.target.value)} data-testid="audit-filter">
            <option value="">{t('audit.filterAll')}</option>
            {AUDIT_ACTIONS.map((code) => (
              <option key={code} value={code}>
                {auditActionLabel(code)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <AuditEntries key={`${schoolId ?? ''}|${action}`} schoolId={schoolId} action={action} />
    </section>
  );
}

/** French name of an event code (the filter lists them before any entry is loaded). */
export function auditActionLabel(code: string): string {
  return tMaybe(`audit.action.${code}`) ?? code;
}

function Verification() {
  const { resource, reload } = useResource<AuditVerification>(gdprPaths.auditVerify());
  if (resource.status === 'loading') {
    return (
      <p className="muted" role="status" data-testid="audit-verify-checking">
        {t('audit.verify.checking')}
      </p>
    );
  }
  if (resource.status === 'failed') {
    return (
      <Alert kind="warning" testId="audit-verify-failed">
        <p>{t('audit.verify.failed', { message: resource.message })}</p>
        <button type="button" className="button button-secondary button-small" onClick={() => void reload()}>
          {t('app.retry')}
        </button>
      </Alert>
    );
  }
  const result = resource.data;
  const seals = (
    <p>
      {t('audit.verify.seals', { valid: formatNumber(result.seals.valid), total: formatNumber(result.seals.total) })}
      {result.seals.lastSealAt !== null ? ` ${t('audit.verify.lastSeal', { date: formatDateTime(result.seals.lastSealAt) })}` : ''}
    </p>
  );
  if (result.ok) {
    return (
      <div className="audit-verify audit-verify-ok" role="status" data-testid="audit-verify" data-ok="true">
        <p className="audit-verify-title">{t('audit.verify.okTitle')}</p>
        <p>{t('audit.verify.ok', { count: formatNumber(result.checkedEntries) })}</p>
        {seals}
      </div>
    );
  }
  return (
    <div className="audit-verify audit-verify-altered" role="alert" data-testid="audit-verify" data-ok="false">
      <p className="audit-verify-title">{t('audit.verify.alteredTitle')}</p>
      <p>{t('audit.verify.altered', { count: formatNumber(result.problems.length) })}</p>
      <ul>
        {result.problems.map((problem, index) => (
          <li key={`${problem.kind}-${problem.seq ?? 'x'}-${index}`}>{problem.message}</li>
        ))}
      </ul>
      {seals}
      <p>{t('audit.verify.what')}</p>
    </div>
  );
}

type Loaded = { entries: AuditEntry[]; nextBefore: number | null };

function AuditEntries({ schoolId, action }: { schoolId: string | null; action: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(
    async (before: number | undefined) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setBusy(true);
      setError(null);
      try {
        const page = await api.get<AuditPage>(gdprPaths.audit(schoolId, { action, before, limit: PAGE_SIZE }), { signal: current.signal });
        if (current.signal.aborted) return;
        setLoaded((previous) => ({ entries: before === undefined ? page.entries : [...(previous?.entries ?? []), ...page.entries], nextBefore: page.nextBefore }));
      } catch (caught) {
        if (!current.signal.aborted) setError(errorMessage(caught));
      } finally {
        if (!current.signal.aborted) setBusy(false);
      }
    },
    [schoolId, action],
  );

  useEffect(() => {
    void load(undefined);
    return () => controller.current?.abort();
  }, [load]);

  return (
    <div className="audit-entries">
      {error ? (
        <Alert kind="error" testId="audit-error">
          <p>{error}</p>
        </Alert>
      ) : null}
      {loaded && loaded.entries.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          {t('audit.empty')}
        </p>
      ) : null}
      {loaded && loaded.entries.length > 0 ? (
        <div className="table-wrap audit-table-wrap">
          <table className="audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.seq')}</th>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.entries.map((entry) => (
                <AuditRow key={entry.seq} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {busy ? (
        <p className="muted" role="status">
          {t('app.loading')}
        </p>
      ) : loaded?.nextBefore != null ? (
        <button type="button" className="button button-secondary audit-more" onClick={() => void load(loaded.nextBefore ?? undefined)} data-testid="audit-more">
          {t('audit.more')}
        </button>
      ) : null}
    </div>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const who = entry.actor.name ?? entry.actor.login ?? entry.actor.roleLabel;
  // Each cell holds one block, so that on a phone the cell's label and its content stay side by side.
  return (
    <tr data-testid="audit-row" data-action={entry.action}>
      <td data-label={t('audit.col.seq')} className="audit-seq">
        <div>{entry.seq}</div>
      </td>
      <td data-label={t('audit.col.at')} className="audit-at">
        <div>{formatDateTime(entry.at)}</div>
      </td>
      <td data-label={t('audit.col.actor')}>
        <div>
          <span className="audit-actor" data-testid="audit-actor">
            {who}
          </span>
          {who !== entry.actor.roleLabel ? <span className="audit-role muted">{entry.actor.roleLabel}</span> : null}
        </div>
      </td>
      <td data-label={t('audit.col.action')}>
        <div data-testid="audit-action">{entry.actionLabel}</div>
      </td>
      <td data-label={t('audit.col.details')} className="audit-details">
        <div>
          <AuditDetails entry={entry} />
        </div>
      </td>
    </tr>
  );
}

const formatValue = (value: AuditDetailValue): string => (Array.isArray(value) ? value.join(', ') : value === null ? '—' : String(value));

/** The reason of a staff access in French first, then the other details as they were recorded. */
function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { reasonCode, reasonText, ...rest } = entry.details;
  const others = Object.entries(rest);
  const reason = typeof reasonCode === 'string' ? (tMaybe(`reason.${reasonCode}`) ?? reasonCode) : null;
  return (
    <>
      {reason ? (
        <p className="audit-reason" data-testid="audit-reason">
          {t('audit.reason', { reason })}
          {typeof reasonText === 'string' ? ` — « ${reasonText} »` : ''}
        </p>
      ) : null}
      {entry.target ? (
        <p className="audit-target">
          {t('audit.target', { type: tMaybe(`audit.targetType.${entry.target.type}`) ?? entry.target.type })}
          {entry.target.id ? <code title={entry.target.id}> {entry.target.id.slice(0, 8)}</code> : null}
        </p>
      ) : null}
      {others.length > 0 ? (
        <p className="audit-extra">
          {others.map(([key, value]) => (
            <code key={key}>
              {key} = {formatValue(value)}
            </code>
          ))}
        </p>
      ) : null}
    </>
  );
}
