// A pupil's conversation with the tutor: its assignment and mode, whether the tutor is available, history,
// the answer streaming in, queue position, stop button.
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import type { AssignmentView, ConversationDetail } from '../../shared/api.ts';
import { sendMessage, type ChatEvent } from '../api/chat.ts';
import { ApiRequestError, api, errorMessage } from '../api/client.ts';
import { AiNotice } from '../components/AiNotice.tsx';
import { Alert } from '../components/Alert.tsx';
import { CareBar, CarePanel } from '../components/CarePanel.tsx';
import { Markdown } from '../components/Markdown.tsx';
import { ReportProblem } from '../components/ReportProblem.tsx';
import { TutorStatusPanel } from '../components/TutorStatusPanel.tsx';
import { hideUnclosedMath } from '../render/markdown.ts';
import { useDocumentTitle } from '../hooks.ts';
import { ordinalFr, t } from '../i18n/fr.ts';
import { Link, paths } from '../router.ts';
import { subjectLabel } from '../subjects.ts';
import { tutoringPaths } from '../tutoring/api.ts';
import { modeLabel } from '../tutoring/modes.ts';
import { isRefusal } from '../tutoring/status.ts';
import { useTutorStatus } from '../tutoring/useTutorStatus.ts';
import { chatReducer, initialChatState, latestCare, type ChatMessage, type ChatState } from './chatState.ts';
import './chat.css';

/** Same limit as the API's postMessageSchema. */
export const MAX_MESSAGE_LENGTH = 4000;

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; title: string; subject: string | null; assignmentId: string | null; mode: string; empty: boolean }
  | { status: 'failed'; message: string; notFound: boolean };

let localKeys = 0;
const nextKey = (prefix: string) => `${prefix}-local-${++localKeys}`;

export function ChatPage({ conversationId }: { conversationId: string }) {
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [draft, setDraft] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const abortRef = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const tokenBuffer = useRef('');
  const frame = useRef<number | null>(null);
  /** Help was announced in this turn: the queue's progress must not talk over it. */
  const careAnnounced = useRef(false);
  const [assignment, setAssignment] = useState<AssignmentView | null>(null);
  const { status: tutorStatus, reload: reloadTutorStatus } = useTutorStatus();

  const heading = assignment?.title ?? (load.status === 'ready' ? load.title || t('conversations.untitled') : t('conversations.title'));
  useDocumentTitle(heading);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<ConversationDetail>(`/api/conversations/${encodeURIComponent(conversationId)}`, { signal: controller.signal })
      .then(async (detail) => {
        // The assignment gives the page its title and statement; the conversation works without them.
        const opened = detail.assignmentId
          ? await api.get<AssignmentView>(tutoringPaths.assignment(detail.assignmentId), { signal: controller.signal }).catch(() => null)
          : null;
        if (controller.signal.aborted) return;
        setAssignment(opened);
        dispatch({ type: 'loaded', detail });
        setLoad({
          status: 'ready',
          title: detail.title,
          subject: detail.subject,
          assignmentId: detail.assignmentId,
          mode: detail.mode,
          empty: detail.messages.length === 0,
        });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const notFound = error instanceof ApiRequestError && (error.status === 404 || error.status === 400);
        setLoad({ status: 'failed', message: notFound ? t('chat.notFound') : errorMessage(error), notFound });
      });
    return () => controller.abort();
  }, [conversationId]);

  // A new conversation: the pupil's next move is to type.
  const openedEmpty = load.status === 'ready' && load.empty;
  useEffect(() => {
    if (openedEmpty) inputRef.current?.focus();
  }, [openedEmpty]);

  // Leaving the page stops a running answer (the server keeps it as interrupted).
  useEffect(
    () => () => {
      abortRef.current?.abort();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Tokens can come faster than the screen refreshes: gather them and render once per frame.
  const flushTokens = useCallback(() => {
    if (frame.current !== null) {
      cancelAnimationFrame(frame.current);
      frame.current = null;
    }
    const text = tokenBuffer.current;
    tokenBuffer.current = '';
    if (text) dispatch({ type: 'tokens', text });
  }, []);

  const onEvent = useCallback(
    (event: ChatEvent) => {
      if (event.event === 'token') {
        tokenBuffer.current += event.data.text;
        frame.current ??= requestAnimationFrame(() => {
          frame.current = null;
          flushTokens();
        });
        return;
      }
      flushTokens();
      dispatch({ type: 'event', event });
      if (event.event === 'care') {
        careAnnounced.current = true;
        setAnnouncement(`${t('care.title')} ${event.data.message} ${event.data.helpLines.map((line) => line.number).join(', ')}`);
      } else if (event.event === 'queued') {
        if (careAnnounced.current) return;
        setAnnouncement(event.data.position > 0 ? t('chat.queuePosition', { position: ordinalFr(event.data.position) }) : t('chat.queueNext'));
      } else if (event.event === 'done') {
        setAnnouncement(t('chat.answerDone'));
      } else if (event.event === 'error') {
        setAnnouncement(event.data.message);
      }
    },
    [flushTokens],
  );

  const send = async () => {
    const text = draft.trim();
    if (!text || state.turn) return;
    if (text.length > MAX_MESSAGE_LENGTH) {
      setLocalError(t('chat.tooLong', { count: text.length, max: MAX_MESSAGE_LENGTH }));
      return;
    }
    setLocalError(null);
    careAnnounced.current = false;
    setDraft('');
    dispatch({ type: 'send', text, pupilKey: nextKey('pupil'), tutorKey: nextKey('tutor') });
    setAnnouncement(t('chat.waiting'));
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      const outcome = await sendMessage(conversationId, text, { signal: controller.signal, onEvent });
      flushTokens();
      dispatch({ type: 'finished', outcome, cutNote: t('chat.connectionLost') });
      if (outcome.kind === 'aborted') setAnnouncement(t('chat.interrupted'));
      else if (outcome.kind === 'cut') setAnnouncement(t('chat.connectionLost'));
    } catch (error) {
      flushTokens();
      const apiError = error instanceof ApiRequestError ? error : null;
      dispatch({ type: 'rejected', code: apiError?.code ?? 'unexpected', message: errorMessage(error) });
      setAnnouncement('');
      // Nothing was kept: give the pupil their text back, unless they already started a new one.
      setDraft((current) => (current === '' ? text : current));
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      // One message less in the quota, or the reason of a refusal: the status line follows.
      void reloadTutorStatus();
    }
  };

  const stop = () => {
    abortRef.current?.abort();
    inputRef.current?.focus();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  if (load.status === 'loading') {
    return (
      <main className="page" id="main">
        <h1 tabIndex={-1} className="visually-hidden">
          {t('conversations.title')}
        </h1>
        <p className="muted" role="status">
          {t('app.loading')}
        </p>
      </main>
    );
  }

  if (load.status === 'failed') {
    return (
      <main className="page page-narrow" id="main">
        <h1 tabIndex={-1}>{load.notFound ? t('chat.notFound') : t('error.unexpected')}</h1>
        {!load.notFound ? (
          <Alert kind="error" testId="chat-error">
            <p>{load.message}</p>
          </Alert>
        ) : null}
        <p>
          <Link to={paths.home()}>{t('chat.back')}</Link>
        </p>
      </main>
    );
  }

  const busy = state.turn !== null;
  const care = latestCare(state);
  const tooLong = draft.trim().length > MAX_MESSAGE_LENGTH;
  const showCount = draft.length > MAX_MESSAGE_LENGTH * 0.8;

  return (
    <main className="chat-page" id="main">
      <div className="chat-top">
        <div className="chat-top-inner">
          <Link to={paths.home()} className="chat-back">
            <span aria-hidden="true">← </span>
            {t('chat.back')}
          </Link>
          <div className="chat-title-row">
            <h1 tabIndex={-1} className="chat-title" data-testid={assignment ? 'chat-assignment-title' : 'chat-title'}>
              {heading}
            </h1>
            {load.subject ? <span className="badge">{subjectLabel(load.subject)}</span> : null}
            <span className="badge badge-mode" data-testid="chat-mode">
              {t('chat.mode', { mode: modeLabel(load.mode) })}
            </span>
          </div>
          {assignment ? (
            <details className="chat-assignment" data-testid="chat-assignment">
              <summary>{t('chat.statement')}</summary>
              <div className="chat-statement">
                <Markdown source={assignment.statement} />
              </div>
            </details>
          ) : null}
          <AiNotice compact />
          {care ? <CareBar care={care} /> : null}
          <TutorStatusPanel status={tutorStatus} where={load.assignmentId ? 'assignment' : 'free'} compact />
        </div>
      </div>

      <MessageList state={state} conversationId={conversationId} />

      <div className="visually-hidden" role="status" aria-live="polite" data-testid="chat-announcer">
        {announcement}
      </div>

      <div className="chat-bottom">
        <div className="chat-bottom-inner">
          {state.error ? <ChatError error={state.error} onDismiss={() => dispatch({ type: 'dismissError' })} /> : null}
          {localError ? (
            <Alert kind="error" testId="chat-error">
              <p>{localError}</p>
            </Alert>
          ) : null}
          <form className="composer" onSubmit={onSubmit}>
            <label htmlFor="chat-input" className="visually-hidden">
              {t('chat.inputLabel')}
            </label>
            <textarea
              id="chat-input"
              ref={inputRef}
              className="composer-input"
              rows={2}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onKeyDown}
              placeholder={t('chat.inputPlaceholder')}
              aria-describedby="chat-input-help"
              aria-invalid={tooLong || undefined}
              data-testid="chat-input"
            />
            {busy ? (
              <button type="button" className="button button-danger composer-button" onClick={stop} aria-label={t('chat.stopLabel')} data-testid="chat-stop">
                <span className="stop-icon" aria-hidden="true" />
                {t('chat.stop')}
              </button>
            ) : (
              <button type="submit" className="button composer-button" disabled={!draft.trim() || tooLong} data-testid="chat-send">
                {t('chat.send')}
              </button>
            )}
          </form>
          <p id="chat-input-help" className="composer-help">
            <span>{t('chat.inputHelp')}</span>
            {showCount ? (
              <span className={tooLong ? 'composer-count composer-count-over' : 'composer-count'}>
                {t('chat.charCount', { count: draft.trim().length, max: MAX_MESSAGE_LENGTH })}
              </span>
            ) : null}
          </p>
        </div>
      </div>
    </main>
  );
}

function ChatError({ error, onDismiss }: { error: NonNullable<ChatState['error']>; onDismiss: () => void }) {
  if (error.code === 'message_blocked') {
    // The moderation refused the message: said kindly, with the way to an adult, never as a failure.
    return (
      <div className="alert alert-info chat-alert chat-blocked" role="alert" data-testid="chat-error" data-code={error.code}>
        <div>
          <p className="alert-title">{t('chat.blockedTitle')}</p>
          <p>{error.message}</p>
        </div>
        <button type="button" className="button-link chat-alert-close" onClick={onDismiss}>
          {t('chat.dismiss')}
        </button>
      </div>
    );
  }
  const noModel = error.code === 'no_model';
  // The school's rules and the teachers' switches are not failures: their French reason is shown calmly.
  const refusal = isRefusal(error.code);
  const kind = noModel ? 'alert-info' : refusal ? 'alert-warning' : 'alert-error';
  return (
    <div className={`alert ${kind} chat-alert`} role="alert" data-testid="chat-error" data-code={error.code}>
      <div>
        <p className="alert-title">{noModel ? error.message : refusal ? t('tutor.unavailable') : t('chat.errorTitle')}</p>
        <p>{noModel ? t('chat.noModel') : error.message}</p>
      </div>
      <button type="button" className="button-link chat-alert-close" onClick={onDismiss}>
        {t('chat.dismiss')}
      </button>
    </div>
  );
}

/** Keeps the newest message in view while the pupil is at the bottom; lets them scroll up freely. */
function MessageList({ state, conversationId }: { state: ChatState; conversationId: string }) {
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  const onScroll = () => {
    const list = listRef.current;
    if (list) atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  };

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && atBottom.current) list.scrollTop = list.scrollHeight;
  });

  const turn = state.turn;
  return (
    <div className="chat-scroll" ref={listRef} onScroll={onScroll}>
      <section className="chat-messages" aria-label={t('chat.messagesLabel')}>
        {state.messages.length === 0 ? <p className="chat-empty">{t('chat.empty')}</p> : null}
        {state.messages.map((message) =>
          message.role === 'pupil' ? (
            <PupilMessage key={message.key} message={message} />
          ) : (
            <TutorMessage
              key={message.key}
              conversationId={conversationId}
              message={message}
              phase={turn && turn.tutorKey === message.key ? turn.phase : null}
              position={turn && turn.tutorKey === message.key ? turn.position : null}
            />
          ),
        )}
      </section>
    </div>
  );
}

const PupilMessage = memo(function PupilMessage({ message }: { message: ChatMessage }) {
  return (
    <>
      <article className="message message-pupil" data-testid="message-pupil" data-status={message.status}>
        <h2 className="visually-hidden">{t('chat.you')}</h2>
        {/* Pupils write maths too: their formulas go through the same sanitised renderer as the tutor's. */}
        <Markdown source={message.text} testId="message-text" />
        {message.status === 'pending' ? <p className="message-footer">{t('chat.pending')}</p> : null}
      </article>
      {message.care ? <CarePanel care={message.care} /> : null}
    </>
  );
});

interface TutorMessageProps {
  conversationId: string;
  message: ChatMessage;
  phase: 'sending' | 'queued' | 'generating' | null;
  position: number | null;
}

const TutorMessage = memo(function TutorMessage({ conversationId, message, phase, position }: TutorMessageProps) {
  const streaming = message.status === 'streaming';
  // While text streams in, React may skip intermediate renders of the markdown when the device is slow.
  const deferred = useDeferredValue(message.text);
  const text = streaming ? hideUnclosedMath(deferred) : deferred;
  return (
    <article
      className={`message message-tutor message-status-${message.status}`}
      data-testid="message-tutor"
      data-status={message.status}
      aria-live={streaming ? 'polite' : undefined}
      aria-busy={streaming || undefined}
    >
      <h2 className="message-author">{t('chat.tutor')}</h2>
      {text ? <Markdown source={text} testId="message-text" /> : null}
      {streaming && !text ? <TurnProgress phase={phase} position={position} /> : null}
      {streaming && text ? <span className="typing-caret" aria-hidden="true" /> : null}
      {message.status === 'interrupted' ? (
        <p className="message-footer message-interrupted" data-testid="message-interrupted">
          {t('chat.interrupted')}
        </p>
      ) : null}
      {message.status === 'error' ? (
        <p className={message.noteCode && isRefusal(message.noteCode) ? 'message-footer message-paused' : 'message-footer message-failed'} data-testid="message-error">
          {message.note ?? t('chat.failed')}
        </p>
      ) : null}
      {message.sources && message.sources.length > 0 && !streaming ? <MessageSources sources={message.sources} /> : null}
      {message.id && !streaming ? <ReportProblem conversationId={conversationId} messageId={message.id} /> : null}
    </article>
  );
});

/** Where the answer comes from in the teacher's course documents. */
function MessageSources({ sources }: { sources: NonNullable<ChatMessage['sources']> }) {
  return (
    <p className="message-footer message-sources" data-testid="message-sources">
      {t('chat.sources')} {sources.map((source) => t('chat.source', { document: source.document, passage: source.passage })).join(' ; ')}
    </p>
  );
}

function TurnProgress({ phase, position }: { phase: TutorMessageProps['phase']; position: number | null }) {
  if (phase === 'queued' && position !== null) {
    return (
      <p className="turn-progress" data-testid="queue-position" data-position={position}>
        <span className="dots" aria-hidden="true" />
        {position > 0 ? t('chat.queuePosition', { position: ordinalFr(position) }) : t('chat.queueNext')}
      </p>
    );
  }
  return (
    <p className="turn-progress">
      <span className="dots" aria-hidden="true" />
      {phase === 'sending' ? t('chat.waiting') : t('chat.thinking')}
    </p>
  );
}
