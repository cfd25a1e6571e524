// Roster import for a school's administrator: choose the CSV exported from the ENT or SIECLE, see exactly
// what would change (classes and accounts to create, changes, departures, lines with errors), then import.
// Nothing changes before "Importer", and the server refuses the whole file while it has errors.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiRequestError, api, errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { formatNumber, t } from '../../i18n/fr.ts';
import { levelLabel } from '../../levels.ts';
import { useSession } from '../../session.ts';
import { useResource } from '../../useResource.ts';
import { bytesToBase64, isRosterPreview, MAX_ROSTER_BYTES, rosterPaths, type RosterBody, type RosterIssue, type RosterPreview } from './roster.ts';
import type { School } from './types.ts';
import './admin.css';
import { SchoolSelect } from './SchoolSelect.tsx';

/** Rows shown per list: a whole school's file can have two thousand lines. */
const SHOWN_ROWS = 200;

type Outcome = { kind: 'preview'; preview: RosterPreview } | { kind: 'imported'; preview: RosterPreview } | { kind: 'refused'; preview: RosterPreview; message: string };

export function RosterImportPage() {
  useDocumentTitle(t('roster.title'));
  const { me } = useSession();
  return (
    <main className="page roster-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('roster.title')}</h1>
        <p>{t('roster.intro')}</p>
      </div>
      {me.school ? <RosterImport schoolId={me.school.id} /> : <SchoolChoice />}
    </main>
  );
}

function SchoolChoice() {
  const schools = useResource<School[]>('/api/schools');
  const [chosen, setChosen] = useState('');
  if (schools.resource.status === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (schools.resource.status === 'failed') return <SectionLoadError message={schools.resource.message} onRetry={() => void schools.reload()} />;
  return (
    <>
      <div className="settings-school">
        <Field label={t('admin.settings.school')}>
          <SchoolSelect schools={schools.resource.data} value={chosen} onChange={setChosen} testId="roster-school" />
        </Field>
      </div>
      {chosen ? <RosterImport key={chosen} schoolId={chosen} /> : null}
    </>
  );
}

function RosterImport({ schoolId }: { schoolId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  /** The body the preview was made from: "Importer" sends exactly the same file and option. */
  const previewed = useRef<RosterBody | null>(null);

  const reset = () => {
    previewed.current = null;
    setOutcome(null);
    setError(null);
  };

  const onPreview = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    reset();
    if (!file) return setError(t('roster.noFile'));
    if (file.size > MAX_ROSTER_BYTES) return setError(t('roster.tooLarge'));
    setBusy('preview');
    try {
      let csvBase64: string;
      try {
        csvBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      } catch {
        setError(t('roster.readFailed'));
        return;
      }
      const body: RosterBody = partial ? { csvBase64, partial } : { csvBase64 };
      const preview = await api.post<RosterPreview>(rosterPaths.preview(schoolId), body);
      previewed.current = body;
      setOutcome({ kind: 'preview', preview });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  const onImport = async () => {
    const body = previewed.current;
    if (!body) return;
    setBusy('import');
    setError(null);
    try {
      const preview = await api.post<RosterPreview>(rosterPaths.import(schoolId), body);
      previewed.current = null;
      setOutcome({ kind: 'imported', preview });
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.status === 422 && isRosterPreview(caught.body)) {
        previewed.current = null;
        setOutcome({ kind: 'refused', preview: caught.body, message: caught.message });
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(null);
    }
  };

  const canImport = outcome?.kind === 'preview' && outcome.preview.errors.length === 0 && previewed.current !== null;
  return (
    <>
      <section className="card roster-form-card" aria-labelledby="roster-file-title">
        <h2 id="roster-file-title">{t('roster.fileTitle')}</h2>
        <form className="form" onSubmit={onPreview} noValidate data-testid="roster-form">
          <Field label={t('roster.file')} hint={t('roster.fileHint')}>
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                reset();
              }}
              data-testid="roster-file"
            />
          </Field>
          <label className="choice roster-partial">
            <input
              type="checkbox"
              checked={partial}
              onChange={(event) => {
                setPartial(event.target.checked);
                reset();
              }}
              data-testid="roster-partial"
            />
            <span>
              <span className="choice-name">{t('roster.partial')}</span>
              <span className="choice-help">{t('roster.partialHelp')}</span>
            </span>
          </label>
          {error ? (
            <Alert kind="error" testId="roster-error">
              <p>{error}</p>
            </Alert>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={busy !== null} data-testid="roster-preview">
              {busy === 'preview' ? t('roster.previewing') : t('roster.preview')}
            </button>
          </div>
        </form>
      </section>

      {outcome?.kind === 'imported' ? (
        <Alert kind="success" testId="roster-done">
          <p>
            {t('roster.done', {
              create: formatNumber(outcome.preview.create.length),
              update: formatNumber(outcome.preview.update.length),
              leave: formatNumber(outcome.preview.leave.length),
            })}
          </p>
        </Alert>
      ) : null}
      {outcome?.kind === 'refused' ? (
        <Alert kind="error" testId="roster-refused">
          <p>{outcome.message}</p>
        </Alert>
      ) : null}
      {outcome ? (
        <PreviewView preview={outcome.preview} title={outcome.kind === 'imported' ? t('roster.resultTitle') : t('roster.previewTitle')}>
          {outcome.kind === 'preview' ? (
            <div className="roster-import-bar">
              {outcome.preview.errors.length > 0 ? (
                <p className="field-error" data-testid="roster-blocked">
                  {t('roster.errorsHelp')}
                </p>
              ) : (
                <p className="muted">{t('roster.confirm')}</p>
              )}
              <button type="button" className="button" onClick={() => void onImport()} disabled={!canImport || busy !== null} data-testid="roster-import">
                {busy === 'import' ? t('roster.importing') : t('roster.import')}
              </button>
            </div>
          ) : null}
        </PreviewView>
      ) : null}
    </>
  );
}

function PreviewView({ preview, title, children }: { preview: RosterPreview; title: string; children?: ReactNode }) {
  return (
    <section className="card roster-preview" aria-labelledby="roster-preview-title" data-testid="roster-preview-result">
      <h2 id="roster-preview-title">{title}</h2>
      <p className="muted">
        {t('roster.summary', { rows: formatNumber(preview.rows), school: preview.school.name, encoding: preview.encoding, separator: preview.separator })}
      </p>
      <ul className="roster-counts">
        <Count label={t('roster.count.classes')} value={preview.classesToCreate.length} testId="roster-count-classes" />
        <Count label={t('roster.count.create')} value={preview.create.length} testId="roster-count-create" />
        <Count label={t('roster.count.update')} value={preview.update.length} testId="roster-count-update" />
        <Count label={t('roster.count.leave')} value={preview.leave.length} testId="roster-count-leave" />
        <Count label={t('roster.count.unchanged')} value={preview.unchanged} testId="roster-count-unchanged" />
        <Count label={t('roster.count.errors')} value={preview.errors.length} testId="roster-count-errors" danger={preview.errors.length > 0} />
      </ul>
      {preview.errors.length > 0 ? (
        <Issues title={t('roster.errors', { count: preview.errors.length })} issues={preview.errors} testId="roster-errors" open danger />
      ) : null}
      {preview.unusedColumns.length > 0 ? <p className="muted roster-unused">{t('roster.unused', { columns: preview.unusedColumns.join(', ') })}</p> : null}
      {preview.classesToCreate.length > 0 ? (
        <Group title={t('roster.classesToCreate', { count: preview.classesToCreate.length })} testId="roster-classes">
          <ul className="roster-inline-list">
            {preview.classesToCreate.map((item) => (
              <li key={item.name} className="badge">
                {item.name} · {levelLabel(item.level)}
              </li>
            ))}
          </ul>
        </Group>
      ) : null}
      {preview.create.length > 0 ? (
        <Group title={t('roster.create', { count: preview.create.length })} testId="roster-create">
          <Table
            head={[t('roster.col.line'), t('roster.col.name'), t('roster.col.login'), t('roster.col.role'), t('roster.col.classes')]}
            rows={preview.create.map((item) => [String(item.line), item.displayName, item.login, item.role, item.classes.join(', ')])}
          />
        </Group>
      ) : null}
      {preview.update.length > 0 ? (
        <Group title={t('roster.update', { count: preview.update.length })} testId="roster-update">
          <Table
            head={[t('roster.col.line'), t('roster.col.name'), t('roster.col.login'), t('roster.col.changes')]}
            rows={preview.update.map((item) => [String(item.line), item.displayName, item.login, item.changes.join(' ; ')])}
          />
        </Group>
      ) : null}
      {preview.leave.length > 0 ? (
        <Group title={t('roster.leave', { count: preview.leave.length })} testId="roster-leave">
          <p className="roster-warning">{t('roster.leaveHelp')}</p>
          <Table head={[t('roster.col.name'), t('roster.col.login'), t('roster.col.role')]} rows={preview.leave.map((item) => [item.displayName, item.login, item.role])} />
        </Group>
      ) : null}
      {preview.skipped.length > 0 ? <Issues title={t('roster.skipped', { count: preview.skipped.length })} issues={preview.skipped} testId="roster-skipped" /> : null}
      {children}
    </section>
  );
}

function Count({ label, value, testId, danger = false }: { label: string; value: number; testId: string; danger?: boolean }) {
  return (
    <li className={danger ? 'roster-count roster-count-danger' : 'roster-count'}>
      <span className="roster-count-value" data-testid={testId}>
        {formatNumber(value)}
      </span>
      <span className="roster-count-label">{label}</span>
    </li>
  );
}

function Group({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <details className="roster-group" data-testid={testId}>
      <summary>{title}</summary>
      <div className="roster-group-body">{children}</div>
    </details>
  );
}

function Issues({ title, issues, testId, open = false, danger = false }: { title: string; issues: RosterIssue[]; testId: string; open?: boolean; danger?: boolean }) {
  return (
    <details className={danger ? 'roster-group roster-group-danger' : 'roster-group'} open={open} data-testid={testId}>
      <summary>{title}</summary>
      <ul className="roster-issues">
        {issues.slice(0, SHOWN_ROWS).map((issue, index) => (
          <li key={`${issue.line}-${index}`} data-testid="roster-issue" data-line={issue.line}>
            {issue.message}
          </li>
        ))}
      </ul>
      {issues.length > SHOWN_ROWS ? <p className="muted">{t('roster.more', { count: formatNumber(issues.length - SHOWN_ROWS) })}</p> : null}
    </details>
  );
}

function Table({ head, rows }: { head: string[]; rows: string[][] }) {
  return (
    <>
      <div className="table-wrap">
        <table className="roster-table">
          <thead>
            <tr>
              {head.map((cell) => (
                <th key={cell} scope="col">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN_ROWS).map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN_ROWS ? <p className="muted">{t('roster.more', { count: formatNumber(rows.length - SHOWN_ROWS) })}</p> : null}
    </>
  );
}
