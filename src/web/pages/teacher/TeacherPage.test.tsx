// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssignmentUsage, AssignmentView, MeResponse } from '../../../shared/api.ts';
import { SessionContext } from '../../session.ts';
import type { LiveView } from '../../tutoring/api.ts';
import { LIVE_REFRESH_MS, parseDuration } from './LiveSessionPanel.tsx';
import { TeacherPage } from './TeacherPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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
const teacher: MeResponse = {
  id: 't1',
  login: 'm.petit',
  displayName: 'M. Petit',
  role: 'teacher',
  school: { id: 's1', uai: '0691234A', name: 'Lycée Ampère' },
  classes: [
    { id: K2, name: '2nde B', level: '2nde', tutorEnabled: true },
    { id: K3, name: '3e A', level: '3e', tutorEnabled: true },
  ],
};

const NOW = Date.now();
const HOUR = 3_600_000;
let assignments: AssignmentView[];
let usage: AssignmentUsage[];
let live: Record<string, LiveView>;
let calls: { method: string; url: string; body?: unknown }[];
let container: HTMLDivElement;
let root: Root;

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

beforeEach(() => {
  assignments = [assignment({}), assignment({ id: 'a2', title: 'Vieux devoir', opensAt: NOW - 96 * HOUR, closesAt: NOW - 48 * HOUR, tutorEnabled: false })];
  usage = [{ assignmentId: 'a1', conversations: 4, pupils: 3, pupilMessages: 12 }];
  live = { [K2]: { session: null, pupils: [], waiting: 0 }, [K3]: { session: null, pupils: [], waiting: 0 } };
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(init.body ? { method, url, body: JSON.parse(init.body as string) } : { method, url });
      if (method === 'GET' && url === '/api/assignments') return Response.json(assignments);
      if (method === 'GET' && url === '/api/assignments/usage') return Response.json(usage);
      const liveMatch = /^\/api\/live-sessions\/current\?classId=(.+)$/.exec(url);
      if (method === 'GET' && liveMatch) return Response.json(live[decodeURIComponent(liveMatch[1]!)]);
      if (method === 'POST' && url === '/api/assignments') return Response.json(assignment({ id: 'a3' }), { status: 201 });
      if (method === 'PATCH' && url.startsWith('/api/assignments/')) return Response.json(assignment({}));
      if (method === 'POST' && url === '/api/live-sessions') {
        const body = JSON.parse(init.body as string) as { classId: string; durationMinutes: number };
        const session = { id: 'ls1', startsAt: NOW, endsAt: NOW + body.durationMinutes * 60_000 };
        live[body.classId] = { session, pupils: [], waiting: 0 };
        return Response.json({ ...session, classId: body.classId }, { status: 201 });
      }
      if (method === 'POST' && url.endsWith('/tutor')) return new Response(null, { status: 204 });
      if (method === 'POST' && url === '/api/live-sessions/ls1/end') {
        live[K3] = { session: null, pupils: [], waiting: 0 };
        return new Response(null, { status: 204 });
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
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const all = (id: string, scope: ParentNode = container) => [...scope.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const one = (id: string, scope: ParentNode = container) => {
  const found = all(id, scope);
  if (found.length !== 1) throw new Error(`${found.length} × [data-testid="${id}"]`);
  return found[0]!;
};
const item = (id: string) => container.querySelector<HTMLElement>(`[data-testid="teacher-assignment"][data-assignment-id="${id}"]`)!;
const classPanel = (name: string) => container.querySelector<HTMLElement>(`[data-testid="teacher-class"][data-class-name="${name}"]`)!;
const writes = () => calls.filter((call) => call.method !== 'GET');

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  });
}

async function render(): Promise<void> {
  await act(async () =>
    root.render(
      <SessionContext.Provider value={{ me: teacher, logout: async () => undefined }}>
        <TeacherPage />
      </SessionContext.Provider>,
    ),
  );
  await settle();
}

function fill(element: HTMLElement, value: string): void {
  const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

describe('teacher page: assignments', () => {
  it('lists assignments with their state, classes, modes and usage counts only', async () => {
    await render();
    expect(one('assignment-phase', item('a1')).textContent).toBe('Ouvert');
    expect(one('assignment-phase', item('a2')).textContent).toBe('Fermé');
    expect(item('a1').textContent).toContain('2nde B');
    expect(item('a1').textContent).toContain('Guidage, Vérification');
    expect(one('usage-pupils', item('a1')).textContent).toBe('3');
    expect(one('usage-conversations', item('a1')).textContent).toBe('4');
    expect(one('usage-messages', item('a1')).textContent).toBe('12');
    expect(one('usage-messages', item('a2')).textContent).toBe('0');
    expect(one('assignment-tutor-switch', item('a1')).getAttribute('aria-checked')).toBe('true');
    expect(one('assignment-tutor-switch', item('a2')).getAttribute('aria-checked')).toBe('false');
    // Closing at once is offered for an open assignment only.
    expect(all('assignment-close', item('a1'))).toHaveLength(1);
    expect(all('assignment-close', item('a2'))).toHaveLength(0);
  });

  it('switches the tutor of an assignment off and shows the new state', async () => {
    await render();
    assignments = [{ ...assignments[0]!, tutorEnabled: false }, assignments[1]!];
    await act(async () => one('assignment-tutor-switch', item('a1')).click());
    await settle();
    expect(writes()).toEqual([{ method: 'POST', url: '/api/assignments/a1/tutor', body: { enabled: false } }]);
    expect(one('assignment-tutor-switch', item('a1')).getAttribute('aria-checked')).toBe('false');
    expect(one('assignment-tutor-switch', item('a1')).textContent).toContain('En pause');
  });

  it('creates an assignment: French errors first, then the payload with dates in the browser zone', async () => {
    await render();
    act(() => one('assignment-new').click());
    const form = one('assignment-form');
    expect(document.activeElement).toBe(one('af-title', form));
    // Guidage is checked by default; the teacher has two classes, so none is preselected.
    expect((one('af-mode-guidage', form) as HTMLInputElement).checked).toBe(true);
    await act(async () => one('af-submit', form).click());
    expect(writes()).toEqual([]);
    expect(form.textContent).toContain('Ce champ est obligatoire.');
    expect(form.textContent).toContain('Choisissez au moins une classe.');

    fill(one('af-title', form), 'Fractions');
    fill(one('af-subject', form), 'mathematiques');
    fill(one('af-statement', form), 'Calcule 1/2 + 1/3.');
    fill(one('af-expected', form), '5/6');
    act(() => one('af-mode-verification', form).click());
    act(() => form.querySelector<HTMLElement>('[data-testid="af-class"][data-class-name="2nde B"]')!.click());
    fill(one('af-opens', form), '2026-12-01T08:00');
    fill(one('af-closes', form), '2026-12-08T18:00');
    expect(form.textContent).toContain('Jamais montrée aux élèves');
    expect(form.textContent).toContain('Europe/Paris');
    await act(async () => one('af-submit', form).click());
    await settle();
    expect(writes()).toEqual([
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
    expect(all('assignment-form')).toHaveLength(0);
    expect(one('assignment-notice').textContent).toBe('Devoir « Fractions » ouvert au tuteur.');
  });

  it('shows the server’s field errors next to the fields', async () => {
    await render();
    act(() => one('assignment-new').click());
    const form = one('assignment-form');
    fill(one('af-title', form), 'Fractions');
    fill(one('af-subject', form), 'mathematiques');
    fill(one('af-statement', form), 'Énoncé');
    act(() => form.querySelector<HTMLElement>('[data-testid="af-class"][data-class-name="3e A"]')!.click());
    vi.mocked(fetch).mockImplementationOnce(async () =>
      Response.json({ code: 'forbidden', message: 'Action non autorisée.', issues: [{ path: 'classIds', message: 'Vous n’enseignez pas dans cette classe.' }] }, { status: 403 }),
    );
    await act(async () => one('af-submit', form).click());
    await settle();
    expect(form.querySelector('#assignment-form-new-classes-error')?.textContent).toBe('Vous n’enseignez pas dans cette classe.');
    expect(all('assignment-form')).toHaveLength(1);
  });

  it('edits an assignment by sending only what changed', async () => {
    await render();
    act(() => one('assignment-edit', item('a1')).click());
    const form = one('assignment-form');
    expect((one('af-expected', form) as HTMLTextAreaElement).value).toBe('5/6');
    fill(one('af-title', form), 'Fractions (suite)');
    await act(async () => one('af-submit', form).click());
    await settle();
    expect(writes()).toEqual([{ method: 'PATCH', url: '/api/assignments/a1', body: { title: 'Fractions (suite)' } }]);
    expect(one('assignment-notice').textContent).toContain('enregistré');
  });

  it('closes an open assignment now', async () => {
    await render();
    const before = Date.now();
    await act(async () => one('assignment-close', item('a1')).click());
    const [call] = writes();
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
    expect(one('live-status', panel).dataset.state).toBe('none');
    fill(one('live-duration', panel), '30');
    await act(async () => one('live-start', panel).click());
    await settle();
    expect(writes()).toEqual([{ method: 'POST', url: '/api/live-sessions', body: { classId: K3, durationMinutes: 30 } }]);
    expect(one('live-status', panel).dataset.state).toBe('running');
    expect(one('live-no-pupils', panel)).toBeTruthy();

    await act(async () => one('live-end', panel).click());
    await settle();
    expect(writes().at(-1)).toEqual({ method: 'POST', url: '/api/live-sessions/ls1/end', body: {} });
    expect(one('live-status', panel).dataset.state).toBe('none');
  });

  it('refreshes the active pupils every few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    live[K3] = { session: { id: 'ls1', startsAt: NOW, endsAt: NOW + HOUR }, pupils: [], waiting: 0 };
    await render();
    const panel = classPanel('3e A');
    expect(all('live-pupil', panel)).toHaveLength(0);
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
    const liveCalls = () => calls.filter((call) => call.url.includes('classId=' + K3)).length;
    const before = liveCalls();
    await act(async () => vi.advanceTimersByTime(LIVE_REFRESH_MS));
    await settle();
    expect(liveCalls()).toBe(before + 1);
    // The queue first (longest wait first), then the latest to write, then those who have not written yet.
    expect(all('live-pupil', panel).map((li) => li.textContent)).toEqual([
      expect.stringContaining('Yanis Morel'),
      expect.stringContaining('Adam Leroy'),
      expect.stringContaining('Inès Roche'),
      expect.stringContaining('Noé Bernard'),
      expect.stringContaining('Zoé Petit'),
    ]);
    expect(all('live-pupil', panel).map((li) => li.dataset.waiting)).toEqual(['true', 'true', 'false', 'false', 'false']);
    expect(all('live-pupil', panel)[0]!.textContent).toContain('attend une réponse depuis');
    expect(all('live-pupil', panel)[4]!.textContent).toContain('connecté·e');
    expect(all('live-pupil', panel)[4]!.textContent).toContain('n’a pas encore écrit');
    expect(one('live-waiting', panel).textContent).toBe('En attente d’une réponse du tuteur : 2');
    expect(panel.textContent).toContain('Élèves connectés ou actifs pendant la séance : 5');
  });

  it('refuses a duration outside 5–240 minutes without calling the server', async () => {
    await render();
    const panel = classPanel('2nde B');
    fill(one('live-duration', panel), '300');
    await act(async () => one('live-start', panel).click());
    expect(writes()).toEqual([]);
    expect(panel.textContent).toContain('Indiquez une durée entière entre 5 et 240 minutes.');
  });

  it('pauses and resumes the tutor of a class', async () => {
    await render();
    const panel = classPanel('2nde B');
    // The class's tutor is on (from /api/me): only pausing is offered.
    expect((one('class-tutor-resume', panel) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => one('class-tutor-pause', panel).click());
    await settle();
    expect(writes()).toEqual([{ method: 'POST', url: `/api/classes/${K2}/tutor`, body: { enabled: false } }]);
    expect(one('class-tutor-state', panel).dataset.enabled).toBe('false');
    expect((one('class-tutor-pause', panel) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => one('class-tutor-resume', panel).click());
    await settle();
    expect(writes().at(-1)).toEqual({ method: 'POST', url: `/api/classes/${K2}/tutor`, body: { enabled: true } });
    expect(one('class-tutor-state', panel).dataset.enabled).toBe('true');
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
