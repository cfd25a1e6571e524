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

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let handler: Handler;
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => handler(url, init)));
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
      return unauthenticated();
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

  it('shows a pupil their conversations, a teacher its tutoring page and other staff a plain "coming soon" page', async () => {
    handler = (url) => {
      if (url === '/api/me') return Response.json(pupil);
      if (url === '/api/me/tutor-status') return Response.json(openStatus);
      if (url === '/api/assignments') return Response.json([]);
      if (url === '/api/conversations') {
        return Response.json([
          { id: 'c1', subject: 'svt', assignmentId: null, mode: 'guidage', title: 'La cellule', createdAt: 1, updatedAt: 1_700_000_000_000 },
        ]);
      }
      return unauthenticated();
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
      return unauthenticated();
    };
    await act(async () => root.render(<App />));
    await settle();
    expect(q('assignment-new')).not.toBeNull();
    expect(q('staff-soon')).toBeNull();
    act(() => root.unmount());

    root = createRoot(container);
    handler = (url) => (url === '/api/me' ? Response.json({ ...pupil, role: 'dpo', displayName: 'Mme Roux' }) : unauthenticated());
    await act(async () => root.render(<App />));
    await settle();
    expect(q('staff-soon')?.textContent).toContain('DPD');
    expect(q('conversation-link')).toBeNull();
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
      return unauthenticated();
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
