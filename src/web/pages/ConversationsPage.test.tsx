// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignmentView, ConversationSummary, TutorStatus } from '../../shared/api.ts';
import { json, mount, on } from '../testing/harness.tsx';
import { ConversationsPage } from './ConversationsPage.tsx';

const assignment = (id: string, title: string, modes: AssignmentView['modes'], closesAt: number): AssignmentView => ({
  id,
  title,
  subject: 'mathematiques',
  statement: `Énoncé de ${title}`,
  modes,
  classIds: ['k1'],
  opensAt: 1,
  closesAt,
  tutorEnabled: true,
  teacherId: 't1',
});

let status: TutorStatus;
let assignments: AssignmentView[];
let conversations: ConversationSummary[];
let page: ReturnType<typeof mount>;

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  status = { quota: { day: { used: 4, limit: 40 }, week: { used: 4, limit: 150 } }, liveSession: null, freeQuestions: false, access: { allowed: true } };
  assignments = [
    assignment('a-late', 'Les fonctions affines', ['guidage', 'explication', 'verification'], Date.UTC(2026, 11, 20, 17)),
    assignment('a-soon', 'Fractions', ['verification', 'guidage'], Date.UTC(2026, 11, 10, 17)),
    assignment('a-one', 'Pythagore', ['explication'], Date.UTC(2026, 11, 30, 17)),
  ];
  conversations = [
    { id: 'c1', subject: 'mathematiques', assignmentId: 'a-soon', mode: 'verification', title: 'Ma réponse', createdAt: 1, updatedAt: 5 },
    { id: 'c2', subject: null, assignmentId: 'a-gone', mode: 'guidage', title: 'Ancien devoir', createdAt: 1, updatedAt: 3 },
  ];
  page = mount();
  page.answer(
    on('GET', '/api/me/tutor-status', () => json(status)),
    on('GET', '/api/assignments', () => json(assignments)),
    on('POST', '/api/conversations', () => json({ id: 'new-1' }, 201)),
    on('GET', '/api/conversations', () => json(conversations)),
  );
});

afterEach(() => page.unmount());

const card = (id: string) => page.container.querySelector<HTMLElement>(`[data-assignment-id="${id}"]`)!;
const render = () => page.render(<ConversationsPage />);

describe('pupil home', () => {
  it('lists the open assignments, soonest closing first, with subject and closing date', async () => {
    await render();
    expect(page.all('assignment-title').map((e) => e.textContent)).toEqual(['Fractions', 'Les fonctions affines', 'Pythagore']);
    expect(card('a-soon').textContent).toContain('Mathématiques');
    expect(page.only('assignment-due', card('a-soon')).textContent).toMatch(/^Ouvert au tuteur jusqu’au 10 déc\.? 2026/);
  });

  it('offers only the modes the teacher allowed, in the usual order, each explained', async () => {
    await render();
    const radios = (id: string) => [...card(id).querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios('a-soon').map((r) => r.value)).toEqual(['guidage', 'verification']);
    expect(radios('a-soon')[0]!.checked).toBe(true);
    expect(radios('a-late').map((r) => r.value)).toEqual(['guidage', 'explication', 'verification']);
    expect(card('a-soon').textContent).toContain('sans jamais te donner la réponse');
    expect(card('a-soon').textContent).not.toContain('Explication');
    // A single mode is stated, not offered as a choice.
    expect(radios('a-one')).toHaveLength(0);
    expect(page.only('assignment-single-mode', card('a-one')).textContent).toContain('Mode : Explication');
  });

  it('opens the assignment in the chosen mode', async () => {
    await render();
    await page.click(page.only('assignment-mode-verification', card('a-soon')));
    await page.click(page.only('assignment-start', card('a-soon')));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/conversations', body: { assignmentId: 'a-soon', mode: 'verification' } }]);
    expect(window.location.pathname).toBe('/conversations/new-1');
  });

  it('shows the remaining quota and the séance, and no free question unless the school allows it', async () => {
    status.liveSession = { id: 's1', endsAt: Date.UTC(2026, 11, 1, 15, 30) };
    await render();
    expect(page.only('tutor-quota').textContent).toBe('Il te reste 36 messages aujourd’hui');
    expect(page.only('tutor-live').textContent).toMatch(/^Séance en cours jusqu’à \d\d:30$/);
    expect(page.all('new-conversation')).toHaveLength(0);
    expect(page.all('tutor-refusal')).toHaveLength(0);
  });

  it('offers a free question when allowed', async () => {
    status.freeQuestions = true;
    await render();
    expect(page.only('new-conversation').textContent).toBe('Poser une question hors devoir');
    await page.click(page.only('new-conversation'));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/conversations', body: {} }]);
  });

  it('shows why the tutor is unavailable, in the server’s words, instead of the quota', async () => {
    status.access = { allowed: false, code: 'level_not_allowed', message: 'En 5e, le tuteur ne s’utilise pas seul : ton professeur peut te le montrer en classe.' };
    await render();
    const refusal = page.only('tutor-refusal');
    expect(refusal.dataset.code).toBe('level_not_allowed');
    expect(refusal.textContent).toContain('En 5e, le tuteur ne s’utilise pas seul');
    expect(page.all('tutor-quota')).toHaveLength(0);
  });

  it('does not present "free questions are off" as the tutor being closed', async () => {
    status.access = { allowed: false, code: 'free_questions_off', message: 'Les questions en dehors d’un devoir ne sont pas ouvertes.' };
    await render();
    expect(page.all('tutor-refusal')).toHaveLength(0);
    expect(page.only('tutor-quota')).toBeTruthy();
  });

  it('still lists previous conversations, with their assignment and mode', async () => {
    await render();
    const links = page.all('conversation-link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/conversations/c1', '/conversations/c2']);
    expect(links[0]!.textContent).toContain('Devoir : Fractions');
    expect(links[0]!.textContent).toContain('Vérification');
    expect(links[1]!.textContent).toContain('Devoir');
    expect(links[1]!.textContent).toContain('Guidage');
  });

  it('says so when no assignment is open', async () => {
    assignments = [];
    await render();
    expect(page.only('assignments-empty').textContent).toContain('Aucun devoir');
  });
});
