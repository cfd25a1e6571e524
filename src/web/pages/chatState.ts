// State of the chat page as a pure reducer: loading a conversation, then one pupil turn and its streamed answer.
import type { ConversationDetail, MessageSource, MessageView } from '../../shared/api.ts';
import type { CareMessage, ChatEvent, ChatOutcome } from '../api/chat.ts';

export type MessageStatus = MessageView['status'] | 'pending' | 'streaming';

export interface ChatMessage {
  /** Stable React key: the server id once known, a local one before. */
  key: string;
  id: string | null;
  role: MessageView['role'];
  text: string;
  status: MessageStatus;
  /** Why a tutor answer stopped, when it did not end normally. */
  note?: string;
  /** The API code of that stop (e.g. tutor_stopped when a teacher paused the tutor). */
  noteCode?: string;
  /** On a pupil's message about distress: the help shown right under it. */
  care?: CareMessage;
  /** On a tutor answer: the course passages it was given ("Sources : …"). */
  sources?: MessageSource[];
}

export type TurnPhase = 'sending' | 'queued' | 'generating';

export interface ChatState {
  messages: ChatMessage[];
  /** The turn in progress, if any: at most one at a time. */
  turn: { phase: TurnPhase; position: number | null; pupilKey: string; tutorKey: string } | null;
  /** A refusal before streaming (no model, quota, validation…): shown above the input. */
  error: { code: string; message: string } | null;
}

export type ChatAction =
  | { type: 'loaded'; detail: ConversationDetail }
  | { type: 'send'; text: string; pupilKey: string; tutorKey: string }
  | { type: 'event'; event: ChatEvent }
  | { type: 'tokens'; text: string }
  | { type: 'finished'; outcome: ChatOutcome; cutNote: string }
  | { type: 'rejected'; code: string; message: string }
  | { type: 'dismissError' };

export const initialChatState: ChatState = { messages: [], turn: null, error: null };

function fromView(message: MessageView): ChatMessage {
  const view: ChatMessage = { key: message.id, id: message.id, role: message.role, text: message.text, status: message.status };
  // The help shown under this message when it was sent: shown again when the pupil comes back.
  if (message.care) view.care = message.care;
  if (message.sources && message.sources.length > 0) view.sources = message.sources;
  return view;
}

function update(state: ChatState, key: string, change: (message: ChatMessage) => ChatMessage): ChatMessage[] {
  return state.messages.map((message) => (message.key === key ? change(message) : message));
}

/** The help most recently shown in this conversation, kept in view at the top of the page. */
export function latestCare(state: ChatState): CareMessage | null {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const care = state.messages[i]!.care;
    if (care) return care;
  }
  return null;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded':
      return { ...initialChatState, messages: action.detail.messages.map(fromView) };

    case 'send':
      if (state.turn) return state;
      return {
        error: null,
        turn: { phase: 'sending', position: null, pupilKey: action.pupilKey, tutorKey: action.tutorKey },
        messages: [
          ...state.messages,
          { key: action.pupilKey, id: null, role: 'pupil', text: action.text, status: 'pending' },
          { key: action.tutorKey, id: null, role: 'tutor', text: '', status: 'streaming' },
        ],
      };

    case 'event': {
      const turn = state.turn;
      if (!turn) return state;
      const { event } = action;
      switch (event.event) {
        case 'stored':
          return {
            ...state,
            messages: update(state, turn.pupilKey, (m) => ({ ...m, id: event.data.messageId, status: 'complete' })),
          };
        case 'care':
          return { ...state, messages: update(state, turn.pupilKey, (m) => ({ ...m, care: event.data })) };
        case 'queued':
          return { ...state, turn: { ...turn, phase: 'queued', position: event.data.position } };
        case 'token':
          return chatReducer(state, { type: 'tokens', text: event.data.text });
        case 'done':
          return {
            ...state,
            turn: null,
            messages: update(state, turn.tutorKey, (m) => ({ ...m, id: event.data.messageId, status: 'complete', ...(event.data.sources ? { sources: event.data.sources } : {}) })),
          };
        case 'error':
          return {
            ...state,
            turn: null,
            messages: update(state, turn.tutorKey, (m) => ({ ...m, status: 'error', note: event.data.message, noteCode: event.data.code })),
          };
      }
      return state;
    }

    case 'tokens': {
      const turn = state.turn;
      if (!turn || action.text === '') return state;
      return {
        ...state,
        turn: { ...turn, phase: 'generating', position: null },
        messages: update(state, turn.tutorKey, (m) => ({ ...m, text: m.text + action.text })),
      };
    }

    case 'finished': {
      const turn = state.turn;
      if (!turn) return state; // already closed by a done/error event
      const { outcome } = action;
      const status: MessageStatus = outcome.kind === 'done' ? 'complete' : outcome.kind === 'aborted' ? 'interrupted' : 'error';
      const note = outcome.kind === 'error' ? outcome.message : outcome.kind === 'cut' ? action.cutNote : undefined;
      const messages = state.messages.map((m): ChatMessage => {
        // The pupil's message no longer waits: the server had it, or the pupil gave up on this turn.
        if (m.key === turn.pupilKey && m.status === 'pending') return { ...m, status: 'complete' };
        if (m.key !== turn.tutorKey) return m;
        const next: ChatMessage = { ...m, status };
        if (outcome.kind === 'done') next.id = outcome.messageId;
        if (note !== undefined) next.note = note;
        if (outcome.kind === 'error') next.noteCode = outcome.code;
        return next;
      });
      return { ...state, turn: null, messages };
    }

    case 'rejected': {
      // Refused before anything was stored: take back the optimistic messages (the text returns to the input).
      const turn = state.turn;
      const messages = turn ? state.messages.filter((m) => m.key !== turn.pupilKey && m.key !== turn.tutorKey) : state.messages;
      return { messages, turn: null, error: { code: action.code, message: action.message } };
    }

    case 'dismissError':
      return { ...state, error: null };
  }
}
