// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssignmentView, ConversationDetail, TutorStatus } from '../../shared/api.ts';
import { ChatPage } from './ChatPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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
    { id: 'm2', role: 'tutor', text: 'Soit $x^2$', status: 'interrupted', createdAt: 2 },
  ],
};

const assignment: AssignmentView = {
  id: 'a1',
  title: 'Équations du second degré',
  subject: 'mathematiques',
  statement: 'Résous $x^2 - 5x + 6 = 0$.',
  modes: ['guidage', 'verification'],
  classIds: ['k1'],
  opensAt: 1,
  closesAt: Date.UTC(2030, 0, 1),
  tutorEnabled: true,
  teacherId: 't1',
};

/** A server stream the test writes to, chunk by chunk; it fails with AbortError when the fetch is aborted. */
function controllableStream(signal: AbortSignal) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  signal.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
  const encoder = new TextEncoder();
  return {
    body,
    send: (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    close: () => controller.close(),
  };
}

let container: HTMLDivElement;
let root: Root;
let stream: ReturnType<typeof controllableStream> | null;
let postBodies: unknown[];
let postResponse: 'stream' | 'no_model' | 'live_session_required' | 'message_blocked';
let reports: { url: string; body: unknown }[];
let conversation: ConversationDetail;
let status: TutorStatus;

beforeEach(() => {
  stream = null;
  postBodies = [];
  postResponse = 'stream';
  reports = [];
  conversation = detail;
  status = { quota: { day: { used: 1, limit: 40 }, week: { used: 1, limit: 150 } }, liveSession: null, freeQuestions: true, access: { allowed: true } };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (url === '/api/conversations/c1' && (init.method ?? 'GET') === 'GET') return Response.json(conversation);
      if (url === '/api/assignments/a1') return Response.json(assignment);
      if (url === '/api/me/tutor-status') return Response.json(status);
      if (url.endsWith('/report') && init.method === 'POST') {
        reports.push({ url, body: JSON.parse(init.body as string) });
        return new Response(null, { status: 204 });
      }
      if (url === '/api/conversations/c1/messages' && init.method === 'POST') {
        postBodies.push(JSON.parse(init.body as string));
        if (postResponse === 'no_model') {
          return Response.json({ code: 'no_model', message: 'Aucun modèle n’est configuré.' }, { status: 503 });
        }
        if (postResponse === 'message_blocked') {
          return Response.json({ code: 'message_blocked', message: 'Je ne peux pas répondre à ce message. Parles-en à un adulte de confiance ou appelle le 119.' }, { status: 403 });
        }
        if (postResponse === 'live_session_required') {
          return Response.json(
            { code: 'live_session_required', message: 'En 3e, le tuteur s’utilise seulement pendant une séance ouverte par ton professeur.' },
            { status: 403 },
          );
        }
        stream = controllableStream(init.signal!);
        return new Response(stream.body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
      }
      return Response.json({ code: 'not_found', message: 'Introuvable' }, { status: 404 });
    }),
  );
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

const byTestId = (id: string) => container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`);
const one = (id: string) => {
  const found = byTestId(id);
  if (found.length === 0) throw new Error(`no [data-testid="${id}"]`);
  return found[found.length - 1]!;
};

/** Lets fetch promises, stream reads and the token frame run, inside act(). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

async function render(): Promise<void> {
  await act(async () => root.render(<ChatPage conversationId="c1" />));
  await settle();
}

function type(text: string): void {
  const input = one('chat-input') as HTMLTextAreaElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(key: string, options: KeyboardEventInit = {}): void {
  act(() => {
    one('chat-input').dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
  });
}

describe('ChatPage', () => {
  it('shows the stored conversation, the AI notice and an interrupted answer as such', async () => {
    await render();
    expect(one('ai-notice').textContent).toContain('Tu échanges avec une intelligence artificielle');
    expect(byTestId('message-pupil')).toHaveLength(1);
    const tutor = one('message-tutor');
    expect(tutor.dataset.status).toBe('interrupted');
    expect(tutor.querySelector('.katex')).not.toBeNull();
    expect(one('message-interrupted').textContent).toBe('Réponse interrompue');
  });

  it('sends on Enter, shows the queue position, streams the answer, then completes', async () => {
    await render();
    type('Comment factoriser ?');
    press('Enter', { shiftKey: true });
    expect(postBodies).toHaveLength(0);
    press('Enter');
    await settle();
    expect(postBodies).toEqual([{ text: 'Comment factoriser ?' }]);
    expect((one('chat-input') as HTMLTextAreaElement).value).toBe('');
    expect(one('message-pupil').textContent).toContain('Comment factoriser ?');

    stream!.send('stored', { messageId: 'm3' });
    stream!.send('queued', { position: 2 });
    await settle();
    expect(one('queue-position').textContent).toBe('Tu es 2e dans la file d’attente');
    expect(one('message-tutor').dataset.status).toBe('streaming');
    expect(byTestId('chat-stop')).toHaveLength(1);
    expect(byTestId('chat-send')).toHaveLength(0);

    stream!.send('token', { text: 'On cherche ' });
    stream!.send('token', { text: '$(x-2)(x-3)$.' });
    await settle();
    expect(byTestId('queue-position')).toHaveLength(0);
    expect(one('message-tutor').textContent).toContain('On cherche');
    expect(one('message-tutor').getAttribute('aria-live')).toBe('polite');

    stream!.send('done', { messageId: 'm4' });
    stream!.close();
    await settle();
    const tutor = one('message-tutor');
    expect(tutor.dataset.status).toBe('complete');
    expect(tutor.querySelector('.katex')).not.toBeNull();
    expect(byTestId('chat-send')).toHaveLength(1);
  });

  it('stops the answer with the stop button and marks it interrupted', async () => {
    await render();
    type('Explique');
    press('Enter');
    await settle();
    stream!.send('token', { text: 'Début de réponse' });
    await settle();
    act(() => one('chat-stop').click());
    await settle();
    const tutor = one('message-tutor');
    expect(tutor.dataset.status).toBe('interrupted');
    expect(tutor.textContent).toContain('Début de réponse');
    expect(tutor.textContent).toContain('Réponse interrompue');
  });

  it('shows a refusal before streaming kindly and gives the text back', async () => {
    postResponse = 'no_model';
    await render();
    type('Aide-moi');
    press('Enter');
    await settle();
    const error = one('chat-error');
    expect(error.dataset.code).toBe('no_model');
    expect(error.textContent).toContain('Aucun modèle n’est configuré.');
    expect(byTestId('message-pupil')).toHaveLength(1); // only the stored one
    expect((one('chat-input') as HTMLTextAreaElement).value).toBe('Aide-moi');
  });

  it('reports an error event of the stream on the answer', async () => {
    await render();
    type('Question');
    press('Enter');
    await settle();
    stream!.send('error', { code: 'llm_failed', message: 'Le modèle a échoué.' });
    await settle();
    expect(one('message-tutor').dataset.status).toBe('error');
    expect(one('message-error').textContent).toBe('Le modèle a échoué.');
  });

  it('shows the assignment, the mode and the remaining quota, and refreshes the quota after a message', async () => {
    conversation = { ...detail, assignmentId: 'a1', mode: 'verification', messages: [] };
    await render();
    expect(one('chat-assignment-title').textContent).toBe('Équations du second degré');
    expect(one('chat-assignment').querySelector('.katex')).not.toBeNull();
    expect(one('chat-mode').textContent).toBe('Mode : Vérification');
    expect(one('tutor-quota').textContent).toBe('Il te reste 39 messages aujourd’hui');
    expect(one('ai-notice')).toBeTruthy();

    type('Je trouve x = 2 et x = 3');
    press('Enter');
    await settle();
    status = { ...status, quota: { day: { used: 2, limit: 40 }, week: { used: 2, limit: 150 } } };
    stream!.send('done', { messageId: 'm9' });
    stream!.close();
    await settle();
    expect(one('tutor-quota').textContent).toBe('Il te reste 38 messages aujourd’hui');
  });

  it('shows a refusal of the school’s rules calmly, in the server’s words, and gives the text back', async () => {
    postResponse = 'live_session_required';
    await render();
    type('Aide-moi');
    press('Enter');
    await settle();
    const error = one('chat-error');
    expect(error.dataset.code).toBe('live_session_required');
    expect(error.classList.contains('alert-warning')).toBe(true);
    expect(error.textContent).toContain('Le tuteur n’est pas disponible pour l’instant');
    expect(error.textContent).toContain('En 3e, le tuteur s’utilise seulement pendant une séance ouverte par ton professeur.');
    expect((one('chat-input') as HTMLTextAreaElement).value).toBe('Aide-moi');
  });

  it('marks an answer stopped by a teacher as a pause, not a failure', async () => {
    await render();
    type('Question');
    press('Enter');
    await settle();
    stream!.send('token', { text: 'Commençons' });
    stream!.send('error', { code: 'tutor_stopped', message: 'Ton professeur a mis le tuteur en pause pour ce devoir.' });
    await settle();
    const note = one('message-error');
    expect(note.textContent).toBe('Ton professeur a mis le tuteur en pause pour ce devoir.');
    expect(note.classList.contains('message-paused')).toBe(true);
    expect(note.classList.contains('message-failed')).toBe(false);
  });

  it('shows the help numbers and the school contacts as soon as the server sends care, and keeps them', async () => {
    await render();
    type('je veux plus vivre');
    press('Enter');
    await settle();
    stream!.send('stored', { messageId: 'm3' });
    stream!.send('care', {
      message: 'Merci de l’avoir écrit. Tu peux en parler dès maintenant :',
      helpLines: [
        { number: '3114', name: 'Numéro national de prévention du suicide', description: 'gratuit, 24 h/24' },
        { number: '<script>', name: 'pas un numéro', description: '' },
      ],
      schoolContacts: 'CPE : Mme Durand, bureau 12',
    });
    await settle();
    const panel = one('care-panel');
    expect(panel.textContent).toContain('Merci de l’avoir écrit.');
    const lines = [...panel.querySelectorAll<HTMLAnchorElement>('[data-testid="care-line"]')];
    expect(lines.map((line) => line.getAttribute('href'))).toEqual(['tel:3114']);
    expect(lines[0]!.getAttribute('aria-label')).toBe('Appeler le 3114 : Numéro national de prévention du suicide');
    expect(one('care-school-contacts').textContent).toBe('CPE : Mme Durand, bureau 12');
    expect(one('care-bar').querySelector('a[href="tel:3114"]')).not.toBeNull();
    // Right under the pupil's message, before the answer.
    expect(panel.previousElementSibling?.getAttribute('data-testid')).toBe('message-pupil');
    expect(one('chat-announcer').textContent).toContain('3114');

    // The queue's progress does not talk over the help being read out.
    stream!.send('queued', { position: 2 });
    await settle();
    expect(one('chat-announcer').textContent).toContain('3114');
    stream!.send('token', { text: 'Je suis là pour toi.' });
    stream!.send('done', { messageId: 'm4' });
    stream!.close();
    await settle();
    expect(byTestId('care-panel')).toHaveLength(1);
  });

  it('says kindly that a message was not passed to the tutor', async () => {
    postResponse = 'message_blocked';
    await render();
    type('un message refusé');
    press('Enter');
    await settle();
    const error = one('chat-error');
    expect(error.dataset.code).toBe('message_blocked');
    expect(error.classList.contains('alert-info')).toBe(true);
    expect(error.classList.contains('alert-error')).toBe(false);
    expect(error.textContent).toContain('Ce message n’a pas été transmis au tuteur');
    expect(error.textContent).toContain('appelle le 119');
  });

  it('lets the pupil report a tutor answer, with an optional reason, and confirms it', async () => {
    await render();
    // Only the tutor's answers can be reported, not the pupil's own messages.
    expect(one('message-pupil').querySelector('[data-testid="report-open"]')).toBeNull();
    act(() => one('report-open').click());
    const input = one('report-reason') as HTMLTextAreaElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    act(() => {
      setter.call(input, '  Cette réponse me met mal à l’aise.  ');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => one('report-send').click());
    await settle();
    expect(reports).toEqual([{ url: '/api/conversations/c1/messages/m2/report', body: { reason: 'Cette réponse me met mal à l’aise.' } }]);
    expect(one('report-done').textContent).toBe('Merci, ton signalement a bien été transmis à l’équipe de ton établissement.');
  });

  it('offers no report on an answer still being written', async () => {
    conversation = { ...detail, messages: [] };
    await render();
    type('Question');
    press('Enter');
    await settle();
    stream!.send('token', { text: 'En cours' });
    await settle();
    expect(byTestId('report-open')).toHaveLength(0);
    stream!.send('done', { messageId: 'm5' });
    stream!.close();
    await settle();
    expect(byTestId('report-open')).toHaveLength(1);
  });
});
