// Pupil home: whether the tutor is available, the assignments its class may work on with the tutor (and in
// which modes), free questions when the school allows them, and the previous conversations.
import { useId, useState, type FormEvent } from 'react';
import type { AssignmentView, ConversationSummary } from '../../shared/api.ts';
import { api, errorMessage } from '../api/client.ts';
import { AiNotice } from '../components/AiNotice.tsx';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { TutorStatusPanel } from '../components/TutorStatusPanel.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { formatDateTime, t } from '../i18n/fr.ts';
import { Link, navigate, paths } from '../router.ts';
import { subjectLabel, subjectOptions } from '../subjects.ts';
import { tutoringPaths } from '../tutoring/api.ts';
import { modeHelpForPupil, modeLabel, orderedModes, type TutorMode } from '../tutoring/modes.ts';
import { useTutorStatus } from '../tutoring/useTutorStatus.ts';
import { useResource, type Resource } from '../useResource.ts';
import './conversations.css';

/** Creates a conversation and opens it; returns the French error when the server refuses. */
async function startConversation(body: { subject?: string; assignmentId?: string; mode?: TutorMode }): Promise<string | null> {
  try {
    const { id } = await api.post<{ id: string }>('/api/conversations', body);
    navigate(paths.conversation(id));
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

export function ConversationsPage() {
  useDocumentTitle(t('home.title'));
  const { status } = useTutorStatus();
  const assignments = useResource<AssignmentView[]>(tutoringPaths.assignments());
  const conversations = useResource<ConversationSummary[]>('/api/conversations');
  const titles = new Map((assignments.resource.data ?? []).map((assignment) => [assignment.id, assignment.title]));

  return (
    <main className="page pupil-home" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('home.title')}</h1>
        <p>{t('conversations.intro')}</p>
      </div>
      <AiNotice />
      <TutorStatusPanel status={status} where="home" />

      <section className="pupil-section" aria-labelledby="assignments-title">
        <h2 id="assignments-title">{t('home.assignments')}</h2>
        <AssignmentList assignments={assignments.resource} />
      </section>

      {status.data?.freeQuestions ? <FreeQuestionCard /> : null}

      <section className="pupil-section" aria-labelledby="conversation-list-title">
        <h2 id="conversation-list-title">{t('conversations.listLabel')}</h2>
        <ConversationList conversations={conversations.resource} assignmentTitles={titles} />
      </section>
    </main>
  );
}

function AssignmentList({ assignments }: { assignments: Resource<AssignmentView[]> }) {
  if (assignments.status === 'loading') {
    return (
      <p className="muted" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!assignments.data) {
    return (
      <Alert kind="error" testId="assignments-error">
        <p>{assignments.status === 'failed' ? assignments.message : t('error.unexpected')}</p>
      </Alert>
    );
  }
  if (assignments.data.length === 0) {
    return (
      <p className="muted" data-testid="assignments-empty">
        {t('home.noAssignments')}
      </p>
    );
  }
  const sorted = [...assignments.data].sort((a, b) => a.closesAt - b.closesAt);
  return (
    <ul className="assignment-list">
      {sorted.map((assignment) => (
        <li key={assignment.id}>
          <AssignmentCard assignment={assignment} />
        </li>
      ))}
    </ul>
  );
}

function AssignmentCard({ assignment }: { assignment: AssignmentView }) {
  const modes = orderedModes(assignment.modes);
  const [mode, setMode] = useState<TutorMode | undefined>(modes[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await startConversation(mode ? { assignmentId: assignment.id, mode } : { assignmentId: assignment.id });
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <article className="card assignment-card" aria-labelledby={titleId} data-testid="assignment-card" data-assignment-id={assignment.id}>
      <div className="assignment-head">
        <h3 id={titleId} className="assignment-title" data-testid="assignment-title">
          {assignment.title}
        </h3>
        <span className="badge">{subjectLabel(assignment.subject)}</span>
      </div>
      <p className="assignment-due" data-testid="assignment-due">
        {t('home.openUntil', { date: formatDateTime(assignment.closesAt) })}
      </p>
      <details className="assignment-statement">
        <summary>{t('home.statement')}</summary>
        <p className="statement-text">{assignment.statement}</p>
      </details>
      {error ? (
        <Alert kind="error" testId="assignment-start-error">
          <p>{error}</p>
        </Alert>
      ) : null}
      <form className="assignment-start" onSubmit={onStart}>
        {modes.length > 1 ? (
          <fieldset className="field mode-choice">
            <legend>{t('home.chooseMode')}</legend>
            <div className="choice-list">
            {modes.map((code) => (
              <label key={code} className="choice">
                <input
                  type="radio"
                  name={`mode-${assignment.id}`}
                  value={code}
                  checked={mode === code}
                  onChange={() => setMode(code)}
                  data-testid={`assignment-mode-${code}`}
                />
                <span>
                  <span className="choice-name">{modeLabel(code)}</span>
                  <span className="choice-help">{modeHelpForPupil(code)}</span>
                </span>
              </label>
            ))}
            </div>
          </fieldset>
        ) : mode ? (
          <p className="mode-single" data-testid="assignment-single-mode">
            <span className="choice-name">{t('home.mode', { mode: modeLabel(mode) })}</span>
            <span className="choice-help">{modeHelpForPupil(mode)}</span>
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy} data-testid="assignment-start">
          {busy ? t('conversations.creating') : t('home.start')}
        </button>
      </form>
    </article>
  );
}

function FreeQuestionCard() {
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await startConversation(subject ? { subject } : {});
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <section className="card new-conversation" aria-labelledby="new-conversation-title">
      <h2 id="new-conversation-title">{t('home.freeTitle')}</h2>
      <p className="muted">{t('home.freeIntro')}</p>
      {error ? (
        <Alert kind="error" testId="new-conversation-error">
          <p>{error}</p>
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
        <button type="submit" className="button" disabled={busy} data-testid="new-conversation">
          {busy ? t('conversations.creating') : t('home.freeStart')}
        </button>
      </form>
    </section>
  );
}

function ConversationList({ conversations, assignmentTitles }: { conversations: Resource<ConversationSummary[]>; assignmentTitles: Map<string, string> }) {
  if (conversations.status === 'loading') {
    return (
      <p className="muted" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!conversations.data) {
    return (
      <Alert kind="error" testId="conversations-error">
        <p>{conversations.status === 'failed' ? conversations.message : t('error.unexpected')}</p>
      </Alert>
    );
  }
  if (conversations.data.length === 0) {
    return (
      <p className="muted" data-testid="conversations-empty">
        {t('conversations.empty')}
      </p>
    );
  }
  const sorted = [...conversations.data].sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <ul className="conversation-list">
      {sorted.map((conversation) => {
        const assignmentTitle = conversation.assignmentId ? assignmentTitles.get(conversation.assignmentId) : undefined;
        return (
          <li key={conversation.id}>
            <Link to={paths.conversation(conversation.id)} className="conversation-link" data-testid="conversation-link">
              <span className="conversation-title">{conversation.title || t('conversations.untitled')}</span>
              <span className="conversation-meta">
                {conversation.assignmentId ? (
                  <span className="badge badge-assignment">
                    {assignmentTitle ? t('conversations.assignment', { title: assignmentTitle }) : t('conversations.assignmentUnknown')}
                  </span>
                ) : null}
                {conversation.subject ? <span className="badge">{subjectLabel(conversation.subject)}</span> : null}
                <span className="badge badge-mode">{modeLabel(conversation.mode)}</span>
                <span>{t('conversations.updated', { date: formatDateTime(conversation.updatedAt) })}</span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
