// @vitest-environment jsdom
// The whole app: signing in (and back to the deep link), the home page of each role, the alerts entry, the
// information notice shown first, and the way back to the login page when the session ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse, TutorStatus } from '../shared/api.ts';
import { App } from './App.tsx';
import { json, me, mount, noContent, on, type Route } from './testing/harness.tsx';

const pupil: MeResponse = me({ login: 'lina', displayName: 'Lina Martin', school: { id: 's1', uai: '0691234A', name: 'Collège Jean Moulin' } });

const openStatus: TutorStatus = {
  quota: { day: { used: 2, limit: 40 }, week: { used: 2, limit: 150 } },
  liveSession: null,
  freeQuestions: false,
  access: { allowed: true },
};

const readNotice = { kind: 'notice', title: 'Notice d’information', version: 'a1b2c3d4e5f6', markdown: '# Notice\n\nTes données restent au collège.', read: true };
const unauthenticated = () => json({ code: 'unauthenticated', message: 'Connectez-vous.' }, 401);

let page: ReturnType<typeof mount>;
let noticeRead: boolean;

/** Answers every page makes once signed in, after the test's own routes; anything else: not signed in. */
const common: Route[] = [
  (call) => (call.url.startsWith('/api/gdpr/notice') ? json({ ...readNotice, read: noticeRead }) : undefined),
  on('POST', '/api/me/notice-read', () => {
    noticeRead = true;
    return noContent();
  }),
  (call) => (call.url.startsWith('/api/auth/sso/providers') ? json([]) : undefined),
  on('GET', '/api/alerts', () => json({ code: 'forbidden', message: 'Action non autorisée.' }, 403)),
  () => unauthenticated(),
];

/** The test's routes, then the common ones. */
const answer = (...own: Route[]) => page.answer(...own, ...common);
/** The app as a browser opens it: it asks who is signed in itself (no session given). */
const open = () => page.render(<App />, null);

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  noticeRead = true;
  page = mount();
});

afterEach(() => page.unmount());

describe('App', () => {
  it('sends a signed-out visitor to the login page, remembering the deep link', async () => {
    window.history.replaceState(null, '', '/conversations/abc');
    answer();
    await open();
    expect(window.location.pathname).toBe('/login');
    expect(page.has('login-submit')).toBe(true);

    answer(
      on('POST', '/api/auth/login', () => json(pupil)),
      on('GET', '/api/conversations/abc', () => json({ id: 'abc', subject: null, assignmentId: null, mode: 'guidage', title: 'Ma question', createdAt: 1, updatedAt: 1, messages: [] })),
      on('GET', '/api/me/tutor-status', () => json(openStatus)),
    );
    page.type(page.one('login-login'), 'lina');
    page.type(page.one('login-password'), 'secret');
    await page.click(page.one('login-submit'));
    await page.settle();
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/auth/login', body: { login: 'lina', password: 'secret' } }]);
    expect(window.location.pathname).toBe('/conversations/abc');
    expect(page.one('header-name').textContent).toBe('Lina Martin');
    expect(page.one('header-role').textContent).toContain('Élève');
  });

  it('sends the login as JSON', async () => {
    let contentType: string | undefined;
    answer((call, init) => {
      if (call.url !== '/api/auth/login') return undefined;
      contentType = (init.headers as Record<string, string>)['Content-Type'];
      return json(pupil);
    });
    await open();
    page.type(page.one('login-login'), 'lina');
    page.type(page.one('login-password'), 'secret');
    await page.click(page.one('login-submit'));
    expect(contentType).toBe('application/json');
  });

  it('shows the French message of a refused login', async () => {
    answer(on('POST', '/api/auth/login', () => json({ code: 'rate_limited', message: 'Trop de tentatives. Réessayez dans une minute.' }, 429)));
    await open();
    page.type(page.one('login-login'), 'lina');
    page.type(page.one('login-password'), 'x');
    await page.click(page.one('login-submit'));
    expect(page.one('login-error').textContent).toBe('Trop de tentatives. Réessayez dans une minute.');
  });

  it('shows a pupil its conversations', async () => {
    answer(
      on('GET', '/api/me', () => json(pupil)),
      on('GET', '/api/me/tutor-status', () => json(openStatus)),
      on('GET', '/api/assignments', () => json([])),
      on('GET', '/api/conversations', () => json([{ id: 'c1', subject: 'svt', assignmentId: null, mode: 'guidage', title: 'La cellule', createdAt: 1, updatedAt: 1_700_000_000_000 }])),
    );
    await open();
    const link = page.one('conversation-link');
    expect(link.getAttribute('href')).toBe('/conversations/c1');
    expect(link.textContent).toContain('La cellule');
    expect(link.textContent).toContain('SVT');
    expect(page.has('ai-notice')).toBe(true);
  });

  it('shows a teacher its tutoring page, without the alerts entry when not designated', async () => {
    answer(
      on('GET', '/api/me', () => json({ ...pupil, role: 'teacher', displayName: 'M. Petit' })),
      on('GET', '/api/assignments', () => json([])),
      on('GET', '/api/assignments/usage', () => json([])),
    );
    await open();
    expect(page.has('assignment-new')).toBe(true);
    // Not designated for alerts (403): no menu entry.
    expect(page.has('nav-alerts')).toBe(false);
  });

  it('shows the DPO the data protection area', async () => {
    answer(
      on('GET', '/api/me', () => json({ ...pupil, role: 'dpo', displayName: 'Mme Roux' })),
      on('GET', '/api/gdpr/register', () => json({ kind: 'register', title: 'Registre', version: '0123456789ab', markdown: '# Fiche du registre\n\nFinalité : aide aux devoirs.' })),
    );
    await open();
    for (let i = 0; i < 20 && !page.has('gdpr-register'); i++) await page.settle();
    expect(page.one('gdpr-register').textContent).toContain('Finalité : aide aux devoirs.');
    expect(page.one('gdpr-register-pdf').getAttribute('href')).toBe('/api/gdpr/register?format=pdf');
    expect(page.one('gdpr-tab-journal').getAttribute('href')).toBe('/rgpd/journal');
    expect(page.has('gdpr-tab-demandes')).toBe(true);
    expect(page.has('conversation-link')).toBe(false);
  });

  it('shows the alerts entry, with the count of new alerts, to staff the school designated', async () => {
    answer(
      on('GET', '/api/me', () => json({ ...pupil, role: 'teacher', displayName: 'Mme Durand', login: 'cpe.durand' })),
      on('GET', '/api/assignments', () => json([])),
      on('GET', '/api/assignments/usage', () => json([])),
      on('GET', '/api/alerts', () =>
        json([
          { id: 'a1', categories: ['self_harm'], source: 'input', state: 'new', createdAt: 1, updatedAt: 1, pupilName: 'Léa Martin', className: '2nde B' },
          { id: 'a2', categories: ['report'], source: 'report', state: 'handled', createdAt: 1, updatedAt: 1, pupilName: 'Léa Martin', className: '2nde B' },
        ]),
      ),
    );
    await open();
    expect(page.one('nav-alerts').getAttribute('href')).toBe('/alertes');
    expect(page.one('nav-alerts-badge').textContent).toContain('1');
  });

  it('shows the information notice first until "J’ai lu", and never asks to accept it', async () => {
    noticeRead = false;
    answer(
      on('GET', '/api/me', () => json(pupil)),
      on('GET', '/api/me/tutor-status', () => json(openStatus)),
      on('GET', '/api/assignments', () => json([])),
      on('GET', '/api/conversations', () => json([])),
    );
    await open();
    for (let i = 0; i < 20 && !page.has('notice-text'); i++) await page.settle();
    expect(page.one('notice-text').textContent).toContain('Tes données restent au collège.');
    expect(page.has('conversations-empty')).toBe(false);
    const buttons = [...page.container.querySelectorAll('button')].map((button) => button.textContent ?? '');
    expect(buttons.filter((text) => /accept|consens/i.test(text))).toEqual([]);
    expect(page.one('notice-read').textContent).toBe('J’ai lu');
    await page.click(page.one('notice-read'));
    expect(page.writes()).toEqual([{ method: 'POST', url: '/api/me/notice-read', body: { version: readNotice.version } }]);
    expect(page.has('notice')).toBe(false);
    expect(page.has('conversations-empty')).toBe(true);
    // The notice stays within reach, from "Mes données".
    expect(page.one('nav-my-data').getAttribute('href')).toBe('/mes-donnees');
  });

  it('goes back to the login page with a notice when the session ends', async () => {
    let signedIn = true;
    answer(
      on('GET', '/api/me', () => json(pupil)),
      (call) => {
        if (!signedIn || call.method !== 'GET') return undefined;
        if (call.url === '/api/conversations' || call.url === '/api/assignments') return json([]);
        return call.url === '/api/me/tutor-status' ? json(openStatus) : undefined;
      },
      on('POST', '/api/auth/logout', () => {
        signedIn = false;
        return noContent();
      }),
    );
    await open();
    expect(page.has('conversations-empty')).toBe(true);
    await page.click(page.one('logout'));
    expect(window.location.pathname).toBe('/login');
    expect(page.one('login-notice').textContent).toContain('déconnecté');
  });
});
