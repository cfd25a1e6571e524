// Pupil home: their conversations, and a form to start a new one with an optional subject.
import { useEffect, useState, type FormEvent } from 'react';
import type { ConversationSummary } from '../../shared/api.ts';
import { api, errorMessage } from '../api/client.ts';
import { AiNotice } from '../components/AiNotice.tsx';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { formatDateTime, t } from '../i18n/fr.ts';
import { Link, navigate, paths } from '../router.ts';
import { subjectLabel, subjectOptions } from '../subjects.ts';
import './conversations.css';

type ListState = { status: 'loading' } | { status: 'ready'; items: ConversationSummary[] } | { status: 'failed'; message: string };

export function ConversationsPage() {
  useDocumentTitle(t('conversations.title'));
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [subject, setSubject] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<ConversationSummary[]>('/api/conversations', { signal: controller.signal })
      .then((items) => setList({ status: 'ready', items: [...items].sort((a, b) => b.updatedAt - a.updatedAt) }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, []);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreating(true);
    setCreateError(null);
    try {
      const body = subject ? { subject } : {};
      const { id } = await api.post<{ id: string }>('/api/conversations', body);
      navigate(paths.conversation(id));
    } catch (error) {
      setCreateError(errorMessage(error));
      setCreating(false);
    }
  };

  return (
    <main className="page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('conversations.title')}</h1>
        <p>{t('conversations.intro')}</p>
      </div>
      <AiNotice />

      <section className="card new-conversation" aria-labelledby="new-conversation-title">
        <h2 id="new-conversation-title" className="visually-hidden">
          {t('conversations.new')}
        </h2>
        {createError ? (
          <Alert kind="error" testId="new-conversation-error">
            <p>{createError}</p>
          </Alert>
        ) : null}
        <form className="new-conversation-form" onSubmit={onCreate}>
          <Field label={t('conversations.subject')}>
            <select value={subject} onChange={(event) => setSubject(event.target.value)} data-testid="new-conversation-subject">
              <option value="">{t('conversations.subjectNone')}</option>
              {subjectOptions().map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button" disabled={creating} data-testid="new-conversation">
            {creating ? t('conversations.creating') : t('conversations.new')}
          </button>
        </form>
      </section>

      <section className="conversation-section" aria-labelledby="conversation-list-title">
        <h2 id="conversation-list-title">{t('conversations.listLabel')}</h2>
        {list.status === 'loading' ? (
          <p className="muted" role="status">
            {t('app.loading')}
          </p>
        ) : list.status === 'failed' ? (
          <Alert kind="error" testId="conversations-error">
            <p>{list.message}</p>
          </Alert>
        ) : list.items.length === 0 ? (
          <p className="muted" data-testid="conversations-empty">
            {t('conversations.empty')}
          </p>
        ) : (
          <ul className="conversation-list">
            {list.items.map((conversation) => (
              <li key={conversation.id}>
                <Link to={paths.conversation(conversation.id)} className="conversation-link" data-testid="conversation-link">
                  <span className="conversation-title">{conversation.title || t('conversations.untitled')}</span>
                  <span className="conversation-meta">
                    {conversation.subject ? <span className="badge">{subjectLabel(conversation.subject)}</span> : null}
                    <span>{t('conversations.updated', { date: formatDateTime(conversation.updatedAt) })}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
