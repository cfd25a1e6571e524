// Test harness for page components under jsdom: a fake API answering by method and path (recording every
// call), the page rendered inside a signed-in session, and helpers to wait, find and type like a person.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { vi } from 'vitest';
import type { MeResponse } from '../../shared/api.ts';
import { SessionContext } from '../session.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface ApiCall {
  method: string;
  url: string;
  body?: unknown;
}

/** Answers a call, or undefined to fall through to 404; init is the fetch's own (its abort signal, say). */
export type Route = (call: ApiCall, init: RequestInit) => Response | undefined;

export function me(over: Partial<MeResponse> = {}): MeResponse {
  return { id: 'u1', login: 'lea.martin', displayName: 'Léa Martin', role: 'pupil', school: { id: 's1', uai: '0691234A', name: 'Lycée Ampère' }, classes: [], ...over };
}

export function mount() {
  const calls: ApiCall[] = [];
  let routes: Route[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call: ApiCall = { method: init.method ?? 'GET', url };
      if (typeof init.body === 'string') call.body = JSON.parse(init.body);
      calls.push(call);
      for (const route of routes) {
        const answer = route(call, init);
        if (answer) return answer;
      }
      return Response.json({ code: 'not_found', message: 'Introuvable.' }, { status: 404 });
    }),
  );
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);

  const all = (testId: string, scope: ParentNode = container) => [...scope.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
  const some = (testId: string, scope: ParentNode) => {
    const found = all(testId, scope);
    if (found.length === 0) throw new Error(`no [data-testid="${testId}"] in:\n${container.innerHTML.slice(0, 2000)}`);
    return found;
  };
  const one = (testId: string, scope: ParentNode = container): HTMLElement => some(testId, scope)[0]!;
  /** The last element with this test id (the newest message, say). */
  const last = (testId: string, scope: ParentNode = container): HTMLElement => some(testId, scope).at(-1)!;
  /** Like one(), but also fails when the test id is found more than once. */
  const only = (testId: string, scope: ParentNode = container): HTMLElement => {
    const found = some(testId, scope);
    if (found.length > 1) throw new Error(`${found.length} × [data-testid="${testId}"] in:\n${container.innerHTML.slice(0, 2000)}`);
    return found[0]!;
  };

  return {
    container,
    calls,
    /** The calls that change something (every method but GET), in order. */
    writes: () => calls.filter((call) => call.method !== 'GET'),
    /** Routes tried in order; the last set replaces the previous ones. */
    answer(...next: Route[]) {
      routes = next;
    },
    /** Renders inside the given session; null renders it signed out. */
    async render(element: ReactNode, session: MeResponse | null = me()) {
      await act(async () => root.render(<SessionContext.Provider value={session && { me: session, logout: async () => undefined }}>{element}</SessionContext.Provider>));
      await this.settle();
    },
    /** Lets fetches, lazy chunks and effects run. */
    async settle(rounds = 5) {
      await act(async () => {
        for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      });
    },
    all,
    one,
    last,
    only,
    has: (testId: string) => all(testId).length > 0,
    /** Types into an input, textarea or select the way React sees it. */
    type(target: HTMLElement, value: string) {
      const prototype = target instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : target instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      act(() => {
        Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(target, value);
        target.dispatchEvent(new Event(target instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      });
    },
    /** Presses a key on an element (a keydown, as a keyboard user would). */
    press(target: HTMLElement, key: string, options: KeyboardEventInit = {}) {
      act(() => {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
      });
    },
    async click(target: HTMLElement) {
      await act(async () => target.click());
      await this.settle();
    },
    /** Submits the form the way a click on its submit button would. */
    async submit(form: HTMLElement) {
      await act(async () => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
      await this.settle();
    },
    unmount() {
      act(() => root.unmount());
      container.remove();
      vi.unstubAllGlobals();
    },
  };
}

export const json = (body: unknown, status = 200) => Response.json(body, { status });
export const noContent = () => new Response(null, { status: 204 });

/** A route for one method and exact path (query string included). */
export const on =
  (method: string, url: string, reply: (call: ApiCall) => Response): Route =>
  (call) =>
    call.method === method && call.url === url ? reply(call) : undefined;
