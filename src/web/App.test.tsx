// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeResponse, TutorStatus } from '../shared/api.ts';
import { App } from './App.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const pupil: MeResponse = {
  id: 'u1',
  login: 'lina',
  displayName: 'Lina Martin',
  role: 'pupil',
  school: { id: 's1', uai: '0691234A', name: 'Collège Jean Moulin' },
  classes: [],
};

type Handler = (url: string, init: RequestInit) => Response | undefined | Promise<Response | undefined>;
let handler: Handler;
let container: HTMLDivElement;
let root: Root;

/** Answers every page makes once signed in, unless the test's own handler answers them. */
const readNotice = { kind: 'notice', title: 'Notice d’information', version: 'a1b2c3d4e5f6', markdown: '# Notice\n\nTes données restent au collège.', read: true };
let noticeRead: boolean;
let noticeReadBodies: unknown[];

function common(url: string, init: RequestInit): Response | undefined {
  if (url.startsWith('/api/gdpr/notice')) return Response.json({ ...readNotice, read: noticeRead });
  if (url === '/api/me/notice-read' && init.method === 'POST') {
    noticeReadBodies.push(JSON.parse(init.body as string));
    noticeRead = true;
    return new Response(null, { status: 204 });
  }
  if (url.startsWith('/api/auth/sso/providers')) return Response.json([]);
  if (url === '/api/alerts') return Response.json({ code: 'forbidden', message: 'Action non autorisée.' }, { status: 403 });
  return undefined;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  noticeRead = true;
  noticeReadBodies = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => (await handler(url, init)) ?? common(url, init) ?? unauthenticated()));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  });
}

function fill(id: string, value: string): void {
  const input = q(id) as HTMLInputElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const unauthenticated = () => Response.json({ code: 'unauthenticated', message: 'Connectez-vous.' }, { status: 401 });

const openStatus: TutorStatus = {
  quota: { day: { used: 2, limit: 40 }, week: { used: 2, limit: 150 } },
  liveSession: null,
  freeQuestions: false,
  access: { allowed: true },
};

describe('App', () => {
  it('sends a signed-out visitor to the login page, remembering the deep link', async () => {
    window.history.replaceState(null, '', '/conversations/abc');
    handler = () => unauthenticated();
    await act(async () => root.render(<App />));
    await settle();
    expect(window.location.pathname).toBe('/login');
    expect(q('login-submit')).not.toBeNull();

    handler = (url, init) => {
      if (url === '/api/auth/login') {
        expect(JSON.parse(init.body as string)).toEqual({ login: 'lina', password: 'secret' });
        expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
        return Response.json(pupil);
      }
      if (url === '/api/conversations/abc') {
        return Response.json({ id: 'abc', subject: null, assignmentId: null, mode: 'guidage', title: 'Ma question', createdAt: 1, updatedAt: 1, messages: [] });
      }
      if (url === '/api/me/tutor-status') return Response.json(openStatus);
      return undefined;
    };
    fill('login-login', 'lina');
    fill('login-password', 'secret');
    await act(async () => q('login-submit')!.click());
    await settle();
    await settle();
    expect(window.location.pathname).toBe('/conversations/abc');
    expect(q('header-name')?.textContent).toBe('Lina Martin');
    expect(q('header-role')?.textContent).toContain('Élève');
  });

  it('shows the French message of a refused login', async () => {
    handler = (url) =>
      url === '/api/auth/login'
        ? Response.json({ code: 'rate_limited', message: 'Trop de tentatives. Réessayez dans une minute.' }, { status: 429 })
        : unauthenticated();
    await act(async () => root.render(<App />));
    await settle();
    fill('login-login', 'lina');
    fill('login-password', 'x');
    await act(async () => q('login-submit')!.click());
    await settle();
    expect(q('login-error')?.textContent).toBe('Trop de tentatives. Réessayez dans une minute.');
  });

  it('shows a pupil their conversations, a teacher its tutoring page and the DPO the data protection area', async () => {
    handler = (url) => {
      if (url === '/api/me') return Response.json(pupil);
      if (url === '/api/me/tutor-status') return Response.json(openStatus);
      if (url === '/api/assignments') return Response.json([]);
      if (url === '/api/conversations') {
        return Response.json([
          { id: 'c1', subject: 'svt', assignmentId: null, mode: 'guidage', title: 'La cellule', createdAt: 1, updatedAt: 1_700_000_000_000 },
        ]);
      }
      return undefined;
    };
    await act(async () => root.render(<App />));
    await settle();
    const link = q('conversation-link')!;
    expect(link.getAttribute('href')).toBe('/conversations/c1');
    expect(link.textContent).toContain('La cellule');
    expect(link.textContent).toContain('SVT');
    expect(q('ai-notice')).not.toBeNull();
    act(() => root.unmount());

    root = createRoot(container);
    handler = (url) => {
      if (url === '/api/me') return Response.json({ ...pupil, role: 'teacher', displayName: 'M. Petit' });
      if (url === '/api/assignments' || url === '/api/assignments/usage') return Response.json([]);
      return undefined;
    };
    await act(async () => root.render(<App />));
    await settle();
    expect(q('assignment-new')).not.toBeNull();
    // Not designated for alerts (403): no menu entry.
    expect(q('nav-alerts')).toBeNull();
    act(() => root.unmount());

    root = createRoot(container);
    handler = (url) => {
      if (url === '/api/me') return Response.json({ ...pupil, role: 'dpo', displayName: 'Mme Roux' });
      if (url === '/api/gdpr/register') return Response.json({ kind: 'register', title: 'Registre', version: '0123456789ab', markdown: '# Fiche du registre\n\nFinalité : aide aux devoirs.' });
      return undefined;
    };
    await act(async () => root.render(<App />));
    for (let i = 0; i < 20 && !q('gdpr-register'); i++) await settle();
    expect(q('gdpr-register')?.textContent).toContain('Finalité : aide aux devoirs.');
    expect(q('gdpr-register-pdf')?.getAttribute('href')).toBe('/api/gdpr/register?format=pdf');
    expect(q('gdpr-tab-journal')?.getAttribute('href')).toBe('/rgpd/journal');
    expect(q('gdpr-tab-demandes')).not.toBeNull();
    expect(q('conversation-link')).toBeNull();
  });

  it('shows the alerts entry, with the count of new alerts, to staff the school designated', async () => {
    handler = (url) => {
      if (url === '/api/me') return Response.json({ ...pupil, role: 'teacher', displayName: 'Mme Durand', login: 'cpe.durand' });
      if (url === '/api/assignments' || url === '/api/assignments/usage') return Response.json([]);
      if (url === '/api/alerts') {
        return Response.json([
          { id: 'a1', categories: ['self_harm'], source: 'input', state: 'new', createdAt: 1, updatedAt: 1, pupilName: 'Léa Martin', className: '2nde B' },
          { id: 'a2', categories: ['report'], source: 'report', state: 'handled', createdAt: 1, updatedAt: 1, pupilName: 'Léa Martin', className: '2nde B' },
        ]);
      }
      return undefined;
    };
    await act(async () => root.render(<App />));
    await settle();
    expect(q('nav-alerts')?.getAttribute('href')).toBe('/alertes');
    expect(q('nav-alerts-badge')?.textContent).toContain('1');
  });

  it('shows the information notice first until "J’ai lu", and never asks to accept it', async () => {
    noticeRead = false;
    handler = (url) => {
      if (url === '/api/me') return Response.json(pupil);
      if (url === '/api/me/tutor-status') return Response.json(openStatus);
      if (url === '/api/assignments' || url === '/api/conversations') return Response.json([]);
      return undefined;
    };
    await act(async () => root.render(<App />));
    for (let i = 0; i < 20 && !q('notice-text'); i++) await settle();
    expect(q('notice-text')?.textContent).toContain('Tes données restent au collège.');
    expect(q('conversations-empty')).toBeNull();
    const buttons = [...container.querySelectorAll('button')].map((button) => button.textContent ?? '');
    expect(buttons.filter((text) => /accept|consens/i.test(text))).toEqual([]);
    expect(q('notice-read')?.textContent).toBe('J’ai lu');
    await act(async () => q('notice-read')!.click());
    await settle();
    expect(noticeReadBodies).toEqual([{ version: readNotice.version }]);
    expect(q('notice')).toBeNull();
    expect(q('conversations-empty')).not.toBeNull();
    // The notice stays within reach, from "Mes données".
    expect(q('nav-my-data')?.getAttribute('href')).toBe('/mes-donnees');
  });

  it('goes back to the login page with a notice when the session ends', async () => {
    let signedIn = true;
    handler = (url) => {
      if (url === '/api/me') return Response.json(pupil);
      if (url === '/api/conversations' && signedIn) return Response.json([]);
      if (url === '/api/assignments' && signedIn) return Response.json([]);
      if (url === '/api/me/tutor-status' && signedIn) return Response.json(openStatus);
      if (url === '/api/auth/logout') {
        signedIn = false;
        return new Response(null, { status: 204 });
      }
      return undefined;
    };
    await act(async () => root.render(<App />));
    await settle();
    expect(q('conversations-empty')).not.toBeNull();
    await act(async () => q('logout')!.click());
    await settle();
    expect(window.location.pathname).toBe('/login');
    expect(q('login-notice')?.textContent).toContain('déconnecté');
  });
});
