import { describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../shared/api.ts';
import { chatReducer, initialChatState, latestCare, type ChatAction, type ChatState } from './chatState.ts';

const detail: ConversationDetail = {
  id: 'c1',
  subject: 'mathematiques',
  assignmentId: null,
  mode: 'guidage',
  title: 'Équations',
  createdAt: 1,
  updatedAt: 2,
  messages: [
    { id: 'm1', role: 'pupil', text: 'Bonjour', status: 'complete', createdAt: 1 },
    { id: 'm2', role: 'tutor', text: 'Bonjour !', status: 'interrupted', createdAt: 2 },
  ],
};

function run(actions: ChatAction[], state: ChatState = initialChatState): ChatState {
  return actions.reduce(chatReducer, state);
}

const send: ChatAction = { type: 'send', text: 'Comment résoudre 2x+3=7 ?', pupilKey: 'p', tutorKey: 't' };

describe('chatReducer', () => {
  it('loads the stored messages with their status', () => {
    const state = run([{ type: 'loaded', detail }]);
    expect(state.messages.map((m) => [m.role, m.status])).toEqual([
      ['pupil', 'complete'],
      ['tutor', 'interrupted'],
    ]);
    expect(state.turn).toBeNull();
  });

  it('follows a whole turn: pending, stored, queued, streaming, done', () => {
    let state = run([{ type: 'loaded', detail }, send]);
    expect(state.turn?.phase).toBe('sending');
    expect(state.messages.at(-2)).toMatchObject({ role: 'pupil', status: 'pending' });
    expect(state.messages.at(-1)).toMatchObject({ role: 'tutor', status: 'streaming', text: '' });

    state = run([{ type: 'event', event: { event: 'stored', data: { messageId: 'm3' } } }], state);
    expect(state.messages.at(-2)).toMatchObject({ id: 'm3', status: 'complete' });

    state = run([{ type: 'event', event: { event: 'queued', data: { position: 3 } } }], state);
    expect(state.turn).toMatchObject({ phase: 'queued', position: 3 });

    state = run(
      [
        { type: 'event', event: { event: 'token', data: { text: 'On ' } } },
        { type: 'tokens', text: 'isole $x$.' },
      ],
      state,
    );
    expect(state.turn).toMatchObject({ phase: 'generating', position: null });
    expect(state.messages.at(-1)?.text).toBe('On isole $x$.');

    state = run([{ type: 'event', event: { event: 'done', data: { messageId: 'm4' } } }], state);
    expect(state.turn).toBeNull();
    expect(state.messages.at(-1)).toMatchObject({ id: 'm4', status: 'complete', text: 'On isole $x$.' });

    // The stream's end after `done` changes nothing.
    expect(run([{ type: 'finished', outcome: { kind: 'done', messageId: 'm4' }, cutNote: 'x' }], state)).toBe(state);
  });

  it('marks an answer stopped by the pupil as interrupted, keeping its text', () => {
    const state = run([send, { type: 'tokens', text: 'Début' }, { type: 'finished', outcome: { kind: 'aborted' }, cutNote: 'coupé' }]);
    expect(state.messages.at(-1)).toMatchObject({ status: 'interrupted', text: 'Début' });
    expect(state.turn).toBeNull();
  });

  it('marks an answer whose stream was cut as an error with an explanation', () => {
    const state = run([send, { type: 'finished', outcome: { kind: 'cut' }, cutNote: 'Connexion coupée.' }]);
    expect(state.messages.at(-1)).toMatchObject({ status: 'error', note: 'Connexion coupée.' });
  });

  it('keeps the server message of an error event', () => {
    const state = run([send, { type: 'event', event: { event: 'error', data: { code: 'llm', message: 'Le modèle a échoué.' } } }]);
    expect(state.messages.at(-1)).toMatchObject({ status: 'error', note: 'Le modèle a échoué.' });
  });

  it('removes the optimistic messages when the server refuses before streaming', () => {
    const state = run([{ type: 'loaded', detail }, send, { type: 'rejected', code: 'no_model', message: 'Aucun modèle.' }]);
    expect(state.messages).toHaveLength(2);
    expect(state.error).toEqual({ code: 'no_model', message: 'Aucun modèle.' });
    expect(state.turn).toBeNull();
    expect(run([{ type: 'dismissError' }], state).error).toBeNull();
  });

  it('refuses a second send while a turn is in progress', () => {
    const state = run([send]);
    expect(run([{ ...send, pupilKey: 'p2', tutorKey: 't2' }], state)).toBe(state);
  });

  it('ignores stream events when no turn is in progress', () => {
    const state = run([{ type: 'loaded', detail }]);
    expect(run([{ type: 'tokens', text: 'x' }], state)).toBe(state);
    expect(run([{ type: 'event', event: { event: 'queued', data: { position: 1 } } }], state)).toBe(state);
  });

  it('attaches the care sent during a turn to the pupil’s message, and keeps the latest one in view', () => {
    const care = { message: 'Merci de l’avoir écrit.', helpLines: [{ number: '3114', name: 'Prévention du suicide', description: '' }], schoolContacts: '' };
    expect(latestCare(run([{ type: 'loaded', detail }]))).toBeNull();
    const state = run([
      { type: 'loaded', detail },
      send,
      { type: 'event', event: { event: 'stored', data: { messageId: 'm3' } } },
      { type: 'event', event: { event: 'care', data: care } },
      { type: 'event', event: { event: 'done', data: { messageId: 'm4' } } },
    ]);
    expect(state.messages.find((m) => m.key === 'p')).toMatchObject({ id: 'm3', care });
    expect(state.messages.find((m) => m.key === 't')?.care).toBeUndefined();
    expect(latestCare(state)).toBe(care);
  });
});
