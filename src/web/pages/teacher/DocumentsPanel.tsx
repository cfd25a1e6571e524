// The course documents of one assignment, in the teacher's assignment card: add one (the file is sent as
// is, its name in the query string), see each with its passage count, remove one. Loaded when opened, so a
// page of many assignments does not make one request per card.
import { useRef, useState, type ChangeEvent } from 'react';
import type { CourseDocumentView } from '../../../shared/api.ts';
import { apiRequest, errorFromResponse, errorMessage, networkError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { formatNumber, t } from '../../i18n/fr.ts';
import { useResource } from '../../useResource.ts';
import './documents.css';

const ACCEPT = '.pdf,.docx,.odt,.md,.markdown,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,text/markdown,text/plain';

const documentsPath = (assignmentId: string) => `/api/assignments/${encodeURIComponent(assignmentId)}/documents`;

async function uploadDocument(assignmentId: string, file: File): Promise<CourseDocumentView> {
  let response: Response;
  try {
    response = await fetch(`${documentsPath(assignmentId)}?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as CourseDocumentView;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} o`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} ko`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} Mo`;
}

export function DocumentsPanel({ assignmentId, title }: { assignmentId: string; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="documents-panel" data-testid="documents-panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('documents.title')}</summary>
      {open ? <DocumentsList assignmentId={assignmentId} title={title} /> : null}
    </details>
  );
}

function DocumentsList({ assignmentId, title }: { assignmentId: string; title: string }) {
  const list = useResource<CourseDocumentView[]>(documentsPath(assignmentId));
  const [pending, setPending] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = `documents-file-${assignmentId}`;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setPending(file.name);
    setNotice(null);
    try {
      const created = await uploadDocument(assignmentId, file);
      setNotice({ kind: 'success', text: t('documents.added', { name: created.name, count: created.passageCount }) });
      await list.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    } finally {
      setPending(null);
      // The same file may be chosen again after a fix.
      if (input.current) input.current.value = '';
    }
  };

  const remove = async (document: CourseDocumentView) => {
    setNotice(null);
    try {
      await apiRequest<void>(`${documentsPath(assignmentId)}/${encodeURIComponent(document.id)}`, { method: 'DELETE' });
      setNotice({ kind: 'success', text: t('documents.deleted', { name: document.name }) });
      await list.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    }
  };

  const documents = list.resource.data ?? [];
  return (
    <div className="documents-body">
      <p className="muted">{t('documents.intro')}</p>
      <div className="documents-upload">
        <label htmlFor={inputId}>{t('documents.choose')}</label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPT}
          disabled={pending !== null}
          onChange={(event) => void onFile(event)}
          data-testid="documents-file"
        />
      </div>
      {pending ? (
        <p className="muted" role="status" data-testid="documents-pending">
          {t('documents.uploading', { name: pending })}
        </p>
      ) : null}
      {notice ? (
        <Alert kind={notice.kind} testId={notice.kind === 'error' ? 'documents-error' : 'documents-notice'}>
          <p>{notice.text}</p>
        </Alert>
      ) : null}
      {list.resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {list.resource.status === 'failed' ? <SectionLoadError message={list.resource.message} onRetry={() => void list.reload()} /> : null}
      {list.resource.data && documents.length === 0 ? <p className="muted">{t('documents.empty')}</p> : null}
      {documents.length > 0 ? (
        <ul className="documents-list" aria-label={t('documents.listLabel', { title })}>
          {documents.map((document) => (
            <li key={document.id} data-testid="document-item">
              <span className="document-name" data-testid="document-name">
                {document.name}
              </span>
              <span className="muted">
                {formatSize(document.sizeBytes)} · {t('documents.passages', { count: document.passageCount })}
              </span>
              <button
                type="button"
                className="button-link"
                onClick={() => void remove(document)}
                aria-label={t('documents.deleteLabel', { name: document.name })}
                data-testid="document-delete"
              >
                {t('documents.delete')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
