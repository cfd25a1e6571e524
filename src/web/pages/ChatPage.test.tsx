// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignmentView, ConversationDetail, TutorStatus } from '../../shared/api.ts';
import { json, mount, noContent, on } from '../testing/harness.tsx';
import { ChatPage } from './ChatPage.tsx';

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

let page: ReturnType<typeof mount>;
let stream: ReturnType<typeof controllableStream> | null;
let postResponse: 'stream' | 'no_model' | 'live_session_required' | 'message_blocked';
let conversation: ConversationDetail;
let status: TutorStatus;

beforeEach(() => {
  stream = null;
  postResponse = 'stream';
  conversation = detail;
  status = { quota: { day: { used: 1, limit: 40 }, week: { used: 1, limit: 150 } }, liveSession: null, freeQuestions: true, access: { allowed: true } };
  page = mount();
  page.answer(
    on('GET', '/api/conversations/c1', () => json(conversation)),
    on('GET', '/api/assignments/a1', () => json(assignment)),
    on('GET', '/api/me/tutor-status', () => json(status)),
    (call) => (call.method === 'POST' && call.url.endsWith('/report') ? noContent() : undefined),
    (call, init) => {
      if (call.method !== 'POST' || call.url !== '/api/conversations/c1/messages') return undefined;
      if (postResponse === 'no_model') return json({ code: 'no_model', message: 'Aucun modèle n’est configuré.' }, 503);
      if (postResponse === 'message_blocked') {
        return json({ code: 'message_blocked', message: 'Je ne peux pas répondre à ce message. Parles-en à un adulte de confiance ou appelle le 119.' }, 403);
      }
      if (postResponse === 'live_session_required') {
        return json({ code: 'live_session_required', message: 'En 3e, le tuteur s’utilise seulement pendant une séance ouverte par ton professeur.' }, 403);
      }
      stream = controllableStream(init.signal!);
      return new Response(stream.body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    },
  );
});

afterEach(() => page.unmount());

const render = () => page.render(<ChatPage conversationId="c1" />);
/** The pupil's keyboard, in the message box. */
const type = (text: string) => page.type(page.last('chat-input'), text);
const press = (key: string, options: KeyboardEventInit = {}) => page.press(page.last('chat-input'), key, options);

describe('ChatPage', () => {
  it('shows the stored conversation, the AI notice and an interrupted answer as such', async () => {
    await render();
    expect(page.last('ai-notice').textContent).toContain('Tu échanges avec une intelligence artificielle');
    expect(page.all('message-pupil')).toHaveLength(1);
    const tutor = page.last('message-tutor');
    expect(tutor.dataset.status).toBe('interrupted');
    expect(tutor.querySelector('.katex')).not.toBeNull();
    expect(page.last('message-interrupted').textContent).toBe('Réponse interrompue');
  });

  it('sends on Enter, shows the queue position, streams the answer, then completes', async () => {
    await render();
    type('Comment factoriser ?');
    press('Enter', { shiftKey: true });
    expect(page.writes()).toHaveLength(0);
    press('Enter');
    await page.settle();
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/conversations/c1/messages', body: { text: 'Comment factoriser ?' } }]);
    expect((page.last('chat-input') as HTMLTextAreaElement).value).toBe('');
    expect(page.last('message-pupil').textContent).toContain('Comment factoriser ?');

    stream!.send('stored', { messageId: 'm3' });
    stream!.send('queued', { position: 2 });
    await page.settle();
    expect(page.last('queue-position').textContent).toBe('Tu es 2e dans la file d’attente');
    expect(page.last('message-tutor').dataset.status).toBe('streaming');
    expect(page.all('chat-stop')).toHaveLength(1);
    expect(page.all('chat-send')).toHaveLength(0);

    stream!.send('token', { text: 'On cherche ' });
    stream!.send('token', { text: '$(x-2)(x-3)$.' });
    await page.settle();
    expect(page.all('queue-position')).toHaveLength(0);
    expect(page.last('message-tutor').textContent).toContain('On cherche');
    expect(page.last('message-tutor').getAttribute('aria-live')).toBe('polite');

    stream!.send('done', { messageId: 'm4' });
    stream!.close();
    await page.settle();
    const tutor = page.last('message-tutor');
    expect(tutor.dataset.status).toBe('complete');
    expect(tutor.querySelector('.katex')).not.toBeNull();
    expect(page.all('chat-send')).toHaveLength(1);
  });

  it('stops the answer with the stop button and marks it interrupted', async () => {
    await render();
    type('Explique');
    press('Enter');
    await page.settle();
    stream!.send('token', { text: 'Début de réponse' });
    await page.settle();
    await page.click(page.last('chat-stop'));
    const tutor = page.last('message-tutor');
    expect(tutor.dataset.status).toBe('interrupted');
    expect(tutor.textContent).toContain('Début de réponse');
    expect(tutor.textContent).toContain('Réponse interrompue');
  });

  it('shows a refusal before streaming kindly and gives the text back', async () => {
    postResponse = 'no_model';
    await render();
    type('Aide-moi');
    press('Enter');
    await page.settle();
    const error = page.last('chat-error');
    expect(error.dataset.code).toBe('no_model');
    expect(error.textContent).toContain('Aucun modèle n’est configuré.');
    expect(page.all('message-pupil')).toHaveLength(1); // only the stored one
    expect((page.last('chat-input') as HTMLTextAreaElement).value).toBe('Aide-moi');
  });

  it('reports an error event of the stream on the answer', async () => {
    await render();
    type('Question');
    press('Enter');
    await page.settle();
    stream!.send('error', { code: 'llm_failed', message: 'Le modèle a échoué.' });
    await page.settle();
    expect(page.last('message-tutor').dataset.status).toBe('error');
    expect(page.last('message-error').textContent).toBe('Le modèle a échoué.');
  });

  it('shows the assignment, the mode and the remaining quota, and refreshes the quota after a message', async () => {
    conversation = { ...detail, assignmentId: 'a1', mode: 'verification', messages: [] };
    await render();
    expect(page.last('chat-assignment-title').textContent).toBe('Équations du second degré');
    expect(page.last('chat-assignment').querySelector('.katex')).not.toBeNull();
    expect(page.last('chat-mode').textContent).toBe('Mode : Vérification');
    expect(page.last('tutor-quota').textContent).toBe('Il te reste 39 messages aujourd’hui');
    expect(page.last('ai-notice')).toBeTruthy();

    type('Je trouve x = 2 et x = 3');
    press('Enter');
    await page.settle();
    status = { ...status, quota: { day: { used: 2, limit: 40 }, week: { used: 2, limit: 150 } } };
    stream!.send('done', { messageId: 'm9' });
    stream!.close();
    await page.settle();
    expect(page.last('tutor-quota').textContent).toBe('Il te reste 38 messages aujourd’hui');
  });

  it('shows a refusal of the school’s rules calmly, in the server’s words, and gives the text back', async () => {
    postResponse = 'live_session_required';
    await render();
    type('Aide-moi');
    press('Enter');
    await page.settle();
    const error = page.last('chat-error');
    expect(error.dataset.code).toBe('live_session_required');
    expect(error.classList.contains('alert-warning')).toBe(true);
    expect(error.textContent).toContain('Le tuteur n’est pas disponible pour l’instant');
    expect(error.textContent).toContain('En 3e, le tuteur s’utilise seulement pendant une séance ouverte par ton professeur.');
    expect((page.last('chat-input') as HTMLTextAreaElement).value).toBe('Aide-moi');
  });

  it('marks an answer stopped by a teacher as a pause, not a failure', async () => {
    await render();
    type('Question');
    press('Enter');
    await page.settle();
    stream!.send('token', { text: 'Commençons' });
    stream!.send('error', { code: 'tutor_stopped', message: 'Ton professeur a mis le tuteur en pause pour ce devoir.' });
    await page.settle();
    const note = page.last('message-error');
    expect(note.textContent).toBe('Ton professeur a mis le tuteur en pause pour ce devoir.');
    expect(note.classList.contains('message-paused')).toBe(true);
    expect(note.classList.contains('message-failed')).toBe(false);
  });

  it('shows the help numbers and the school contacts as soon as the server sends care, and keeps them', async () => {
    await render();
    type('je veux plus vivre');
    press('Enter');
    await page.settle();
    stream!.send('stored', { messageId: 'm3' });
    stream!.send('care', {
      message: 'Merci de l’avoir écrit. Tu peux en parler dès maintenant :',
      helpLines: [
        { number: '3114', name: 'Numéro national de prévention du suicide', description: 'gratuit, 24 h/24' },
        { number: '<script>', name: 'pas un numéro', description: '' },
      ],
      schoolContacts: 'CPE : Mme Durand, bureau 12',
    });
    await page.settle();
    const panel = page.last('care-panel');
    expect(panel.textContent).toContain('Merci de l’avoir écrit.');
    const lines = [...panel.querySelectorAll<HTMLAnchorElement>('[data-testid="care-line"]')];
    expect(lines.map((line) => line.getAttribute('href'))).toEqual(['tel:3114']);
    expect(lines[0]!.getAttribute('aria-label')).toBe('Appeler le 3114 : Numéro national de prévention du suicide');
    expect(page.last('care-school-contacts').textContent).toBe('CPE : Mme Durand, bureau 12');
    expect(page.last('care-bar').querySelector('a[href="tel:3114"]')).not.toBeNull();
    // Right under the pupil's message, before the answer.
    expect(panel.previousElementSibling?.getAttribute('data-testid')).toBe('message-pupil');
    expect(page.last('chat-announcer').textContent).toContain('3114');

    // The queue's progress does not talk over the help being read out.
    stream!.send('queued', { position: 2 });
    await page.settle();
    expect(page.last('chat-announcer').textContent).toContain('3114');
    stream!.send('token', { text: 'Je suis là pour toi.' });
    stream!.send('done', { messageId: 'm4' });
    stream!.close();
    await page.settle();
    expect(page.all('care-panel')).toHaveLength(1);
  });

  it('says kindly that a message was not passed to the tutor', async () => {
    postResponse = 'message_blocked';
    await render();
    type('un message refusé');
    press('Enter');
    await page.settle();
    const error = page.last('chat-error');
    expect(error.dataset.code).toBe('message_blocked');
    expect(error.classList.contains('alert-info')).toBe(true);
    expect(error.classList.contains('alert-error')).toBe(false);
    expect(error.textContent).toContain('Ce message n’a pas été transmis au tuteur');
    expect(error.textContent).toContain('appelle le 119');
  });

  it('lets the pupil report a tutor answer, with an optional reason, and confirms it', async () => {
    await render();
    // Only the tutor's answers can be reported, not the pupil's own messages.
    expect(page.last('message-pupil').querySelector('[data-testid="report-open"]')).toBeNull();
    await page.click(page.last('report-open'));
    page.type(page.last('report-reason'), '  Cette réponse me met mal à l’aise.  ');
    await page.click(page.last('report-send'));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/conversations/c1/messages/m2/report', body: { reason: 'Cette réponse me met mal à l’aise.' } }]);
    expect(page.last('report-done').textContent).toBe('Merci, ton signalement a bien été transmis à l’équipe de ton établissement.');
  });

  it('offers no report on an answer still being written', async () => {
    conversation = { ...detail, messages: [] };
    await render();
    type('Question');
    press('Enter');
    await page.settle();
    stream!.send('token', { text: 'En cours' });
    await page.settle();
    expect(page.all('report-open')).toHaveLength(0);
    stream!.send('done', { messageId: 'm5' });
    stream!.close();
    await page.settle();
    expect(page.all('report-open')).toHaveLength(1);
  });
});
