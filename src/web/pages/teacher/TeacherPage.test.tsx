// @vitest-environment jsdom
import { act } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssignmentUsage, AssignmentView } from '../../../shared/api.ts';
import { json, me, mount, noContent, on, type Route } from '../../testing/harness.tsx';
import type { LiveView } from '../../tutoring/api.ts';
import { LIVE_REFRESH_MS, parseDuration } from './LiveSessionPanel.tsx';
import { TeacherPage } from './TeacherPage.tsx';

const originalZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Paris';
});
afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

const K2 = '22222222-2222-4222-8222-222222222222';
const K3 = '33333333-3333-4333-8333-333333333333';
const teacher = me({
  id: 't1',
  login: 'm.petit',
  displayName: 'M. Petit',
  role: 'teacher',
  classes: [
    { id: K2, name: '2nde B', level: '2nde', tutorEnabled: true },
    { id: K3, name: '3e A', level: '3e', tutorEnabled: true },
  ],
});

const NOW = Date.now();
const HOUR = 3_600_000;
let assignments: AssignmentView[];
let usage: AssignmentUsage[];
let live: Record<string, LiveView>;
let page: ReturnType<typeof mount>;

const assignment = (over: Partial<AssignmentView>): AssignmentView => ({
  id: 'a1',
  title: 'Fractions',
  subject: 'mathematiques',
  statement: 'Calcule 1/2 + 1/3.',
  expectedAnswer: '5/6',
  modes: ['guidage', 'verification'],
  classIds: [K2],
  opensAt: NOW - HOUR,
  closesAt: NOW + 48 * HOUR,
  tutorEnabled: true,
  teacherId: 't1',
  ...over,
});

const routes: Route[] = [
  on('GET', '/api/assignments', () => json(assignments)),
  on('GET', '/api/assignments/usage', () => json(usage)),
  (call) => {
    const classId = call.method === 'GET' ? /^\/api\/live-sessions\/current\?classId=(.+)$/.exec(call.url)?.[1] : undefined;
    return classId === undefined ? undefined : json(live[decodeURIComponent(classId)]);
  },
  on('POST', '/api/assignments', () => json(assignment({ id: 'a3' }), 201)),
  (call) => (call.method === 'PATCH' && call.url.startsWith('/api/assignments/') ? json(assignment({})) : undefined),
  on('POST', '/api/live-sessions', (call) => {
    const body = call.body as { classId: string; durationMinutes: number };
    const session = { id: 'ls1', startsAt: NOW, endsAt: NOW + body.durationMinutes * 60_000 };
    live[body.classId] = { session, pupils: [], waiting: 0 };
    return json({ ...session, classId: body.classId }, 201);
  }),
  (call) => (call.method === 'POST' && call.url.endsWith('/tutor') ? noContent() : undefined),
  on('POST', '/api/live-sessions/ls1/end', () => {
    live[K3] = { session: null, pupils: [], waiting: 0 };
    return noContent();
  }),
];

beforeEach(() => {
  assignments = [assignment({}), assignment({ id: 'a2', title: 'Vieux devoir', opensAt: NOW - 96 * HOUR, closesAt: NOW - 48 * HOUR, tutorEnabled: false })];
  usage = [{ assignmentId: 'a1', conversations: 4, pupils: 3, pupilMessages: 12 }];
  live = { [K2]: { session: null, pupils: [], waiting: 0 }, [K3]: { session: null, pupils: [], waiting: 0 } };
  page = mount();
  page.answer(...routes);
});

afterEach(() => {
  page.unmount();
  vi.useRealTimers();
});

const item = (id: string) => page.container.querySelector<HTMLElement>(`[data-testid="teacher-assignment"][data-assignment-id="${id}"]`)!;
const classPanel = (name: string) => page.container.querySelector<HTMLElement>(`[data-testid="teacher-class"][data-class-name="${name}"]`)!;
const render = () => page.render(<TeacherPage />, teacher);

describe('teacher page: assignments', () => {
  it('lists assignments with their state, classes, modes and usage counts only', async () => {
    await render();
    expect(page.only('assignment-phase', item('a1')).textContent).toBe('Ouvert');
    expect(page.only('assignment-phase', item('a2')).textContent).toBe('Fermé');
    expect(item('a1').textContent).toContain('2nde B');
    expect(item('a1').textContent).toContain('Guidage, Vérification');
    expect(page.only('usage-pupils', item('a1')).textContent).toBe('3');
    expect(page.only('usage-conversations', item('a1')).textContent).toBe('4');
    expect(page.only('usage-messages', item('a1')).textContent).toBe('12');
    expect(page.only('usage-messages', item('a2')).textContent).toBe('0');
    expect(page.only('assignment-tutor-switch', item('a1')).getAttribute('aria-checked')).toBe('true');
    expect(page.only('assignment-tutor-switch', item('a2')).getAttribute('aria-checked')).toBe('false');
    // Closing at once is offered for an open assignment only.
    expect(page.all('assignment-close', item('a1'))).toHaveLength(1);
    expect(page.all('assignment-close', item('a2'))).toHaveLength(0);
  });

  it('switches the tutor of an assignment off and shows the new state', async () => {
    await render();
    assignments = [{ ...assignments[0]!, tutorEnabled: false }, assignments[1]!];
    await page.click(page.only('assignment-tutor-switch', item('a1')));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/assignments/a1/tutor', body: { enabled: false } }]);
    expect(page.only('assignment-tutor-switch', item('a1')).getAttribute('aria-checked')).toBe('false');
    expect(page.only('assignment-tutor-switch', item('a1')).textContent).toContain('En pause');
  });

  it('creates an assignment: French errors first, then the payload with dates in the browser zone', async () => {
    await render();
    await page.click(page.only('assignment-new'));
    const form = page.only('assignment-form');
    expect(document.activeElement).toBe(page.only('af-title', form));
    // Guidage is checked by default; the teacher has two classes, so none is preselected.
    expect((page.only('af-mode-guidage', form) as HTMLInputElement).checked).toBe(true);
    await page.click(page.only('af-submit', form));
    expect(page.writes()).toEqual([]);
    expect(form.textContent).toContain('Ce champ est obligatoire.');
    expect(form.textContent).toContain('Choisissez au moins une classe.');

    page.type(page.only('af-title', form), 'Fractions');
    page.type(page.only('af-subject', form), 'mathematiques');
    page.type(page.only('af-statement', form), 'Calcule 1/2 + 1/3.');
    page.type(page.only('af-expected', form), '5/6');
    await page.click(page.only('af-mode-verification', form));
    await page.click(form.querySelector<HTMLElement>('[data-testid="af-class"][data-class-name="2nde B"]')!);
    page.type(page.only('af-opens', form), '2026-12-01T08:00');
    page.type(page.only('af-closes', form), '2026-12-08T18:00');
    expect(form.textContent).toContain('Jamais montrée aux élèves');
    expect(form.textContent).toContain('Europe/Paris');
    await page.click(page.only('af-submit', form));
    expect(page.writes()).toEqual([
      {
        method: 'POST',
        url: '/api/assignments',
        body: {
          title: 'Fractions',
          subject: 'mathematiques',
          statement: 'Calcule 1/2 + 1/3.',
          expectedAnswer: '5/6',
          modes: ['guidage', 'verification'],
          classIds: [K2],
          opensAt: Date.UTC(2026, 11, 1, 7, 0),
          closesAt: Date.UTC(2026, 11, 8, 17, 0),
        },
      },
    ]);
    expect(page.all('assignment-form')).toHaveLength(0);
    expect(page.only('assignment-notice').textContent).toBe('Devoir « Fractions » ouvert au tuteur.');
  });

  it('shows the server’s field errors next to the fields', async () => {
    await render();
    await page.click(page.only('assignment-new'));
    const form = page.only('assignment-form');
    page.type(page.only('af-title', form), 'Fractions');
    page.type(page.only('af-subject', form), 'mathematiques');
    page.type(page.only('af-statement', form), 'Énoncé');
    await page.click(form.querySelector<HTMLElement>('[data-testid="af-class"][data-class-name="3e A"]')!);
    page.answer(
      on('POST', '/api/assignments', () => json({ code: 'forbidden', message: 'Action non autorisée.', issues: [{ path: 'classIds', message: 'Vous n’enseignez pas dans cette classe.' }] }, 403)),
      ...routes,
    );
    await page.click(page.only('af-submit', form));
    expect(form.querySelector('#assignment-form-new-classes-error')?.textContent).toBe('Vous n’enseignez pas dans cette classe.');
    expect(page.all('assignment-form')).toHaveLength(1);
  });

  it('edits an assignment by sending only what changed', async () => {
    await render();
    await page.click(page.only('assignment-edit', item('a1')));
    const form = page.only('assignment-form');
    expect((page.only('af-expected', form) as HTMLTextAreaElement).value).toBe('5/6');
    page.type(page.only('af-title', form), 'Fractions (suite)');
    await page.click(page.only('af-submit', form));
    expect(page.writes()).toEqual([{ method: 'PATCH', url: '/api/assignments/a1', body: { title: 'Fractions (suite)' } }]);
    expect(page.only('assignment-notice').textContent).toContain('enregistré');
  });

  it('closes an open assignment now', async () => {
    await render();
    const before = Date.now();
    await page.click(page.only('assignment-close', item('a1')));
    const [call] = page.writes();
    expect(call).toMatchObject({ method: 'PATCH', url: '/api/assignments/a1' });
    const closesAt = (call!.body as { closesAt: number }).closesAt;
    expect(closesAt).toBeGreaterThanOrEqual(before);
    expect(Object.keys(call!.body as object)).toEqual(['closesAt']);
  });
});

describe('teacher page: classes and séances', () => {
  it('starts a séance for the chosen duration, then shows who is active and ends it', async () => {
    await render();
    const panel = classPanel('3e A');
    expect(page.only('live-status', panel).dataset.state).toBe('none');
    page.type(page.only('live-duration', panel), '30');
    await page.click(page.only('live-start', panel));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/live-sessions', body: { classId: K3, durationMinutes: 30 } }]);
    expect(page.only('live-status', panel).dataset.state).toBe('running');
    expect(page.only('live-no-pupils', panel)).toBeTruthy();

    await page.click(page.only('live-end', panel));
    expect(page.writes().at(-1)).toEqual({ method: 'POST', url: '/api/live-sessions/ls1/end', body: {} });
    expect(page.only('live-status', panel).dataset.state).toBe('none');
  });

  it('refreshes the active pupils every few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    live[K3] = { session: { id: 'ls1', startsAt: NOW, endsAt: NOW + HOUR }, pupils: [], waiting: 0 };
    await render();
    const panel = classPanel('3e A');
    expect(page.all('live-pupil', panel)).toHaveLength(0);
    live[K3] = {
      session: { id: 'ls1', startsAt: NOW, endsAt: NOW + HOUR },
      pupils: [
        { id: 'p1', displayName: 'Noé Bernard', connected: true, lastMessageAt: NOW - 60_000, waitingSince: null },
        { id: 'p2', displayName: 'Inès Roche', connected: true, lastMessageAt: NOW, waitingSince: null },
        { id: 'p3', displayName: 'Zoé Petit', connected: true, lastMessageAt: null, waitingSince: null },
        { id: 'p4', displayName: 'Yanis Morel', connected: true, lastMessageAt: NOW - 5_000, waitingSince: NOW - 5_000 },
        { id: 'p5', displayName: 'Adam Leroy', connected: false, lastMessageAt: NOW - 2_000, waitingSince: NOW - 2_000 },
      ],
      waiting: 2,
    };
    const liveCalls = () => page.calls.filter((call) => call.url.includes('classId=' + K3)).length;
    const before = liveCalls();
    await act(async () => vi.advanceTimersByTime(LIVE_REFRESH_MS));
    await page.settle();
    expect(liveCalls()).toBe(before + 1);
    // The queue first (longest wait first), then the latest to write, then those who have not written yet.
    expect(page.all('live-pupil', panel).map((li) => li.textContent)).toEqual([
      expect.stringContaining('Yanis Morel'),
      expect.stringContaining('Adam Leroy'),
      expect.stringContaining('Inès Roche'),
      expect.stringContaining('Noé Bernard'),
      expect.stringContaining('Zoé Petit'),
    ]);
    expect(page.all('live-pupil', panel).map((li) => li.dataset.waiting)).toEqual(['true', 'true', 'false', 'false', 'false']);
    expect(page.all('live-pupil', panel)[0]!.textContent).toContain('attend une réponse depuis');
    expect(page.all('live-pupil', panel)[4]!.textContent).toContain('connecté·e');
    expect(page.all('live-pupil', panel)[4]!.textContent).toContain('n’a pas encore écrit');
    expect(page.only('live-waiting', panel).textContent).toBe('En attente d’une réponse du tuteur : 2');
    expect(panel.textContent).toContain('Élèves connectés ou actifs pendant la séance : 5');
  });

  it('refuses a duration outside 5–240 minutes without calling the server', async () => {
    await render();
    const panel = classPanel('2nde B');
    page.type(page.only('live-duration', panel), '300');
    await page.click(page.only('live-start', panel));
    expect(page.writes()).toEqual([]);
    expect(panel.textContent).toContain('Indiquez une durée entière entre 5 et 240 minutes.');
  });

  it('pauses and resumes the tutor of a class', async () => {
    await render();
    const panel = classPanel('2nde B');
    // The class's tutor is on (from /api/me): only pausing is offered.
    expect((page.only('class-tutor-resume', panel) as HTMLButtonElement).disabled).toBe(true);
    await page.click(page.only('class-tutor-pause', panel));
    expect(page.writes()).toEqual([{ method: 'POST', url: `/api/classes/${K2}/tutor`, body: { enabled: false } }]);
    expect(page.only('class-tutor-state', panel).dataset.enabled).toBe('false');
    expect((page.only('class-tutor-pause', panel) as HTMLButtonElement).disabled).toBe(true);
    await page.click(page.only('class-tutor-resume', panel));
    expect(page.writes().at(-1)).toEqual({ method: 'POST', url: `/api/classes/${K2}/tutor`, body: { enabled: true } });
    expect(page.only('class-tutor-state', panel).dataset.enabled).toBe('true');
  });
});

describe('parseDuration', () => {
  it('accepts whole minutes from 5 to 240', () => {
    expect(parseDuration(' 55 ')).toEqual({ ok: true, minutes: 55 });
    expect(parseDuration('5')).toEqual({ ok: true, minutes: 5 });
    expect(parseDuration('240')).toEqual({ ok: true, minutes: 240 });
    for (const text of ['', '4', '241', '12.5', 'abc']) expect(parseDuration(text).ok, text).toBe(false);
  });
});
