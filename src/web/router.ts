// A small history-API router: real paths (/conversations/…, /admin, /setup) that the server answers
// with index.html, so the one-time link /setup#token=… printed by the server opens the right page.
import { createElement, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'setup' }
  | { name: 'passwordReset'; token: string }
  | { name: 'conversation'; id: string }
  | { name: 'admin' }
  | { name: 'rosterImport' }
  | { name: 'alerts' }
  | { name: 'alert'; id: string }
  | { name: 'myData' }
  | { name: 'notice' }
  | { name: 'gdpr'; section: GdprSection }
  | { name: 'notFound' };

/** Pages of the GDPR area (DPO, head of school): one path each, so a section can be linked to. */
export const GDPR_SECTIONS = ['registre', 'aipd', 'notice', 'journal', 'demandes', 'reglages'] as const;
export type GdprSection = (typeof GDPR_SECTIONS)[number];

const ID = '([A-Za-z0-9-]{1,64})';
const CONVERSATION = new RegExp(`^/conversations/${ID}/?$`);
const ALERT = new RegExp(`^/alertes/${ID}$`);
const GDPR = /^\/rgpd\/([a-z]+)$/;
const PASSWORD_RESET = /^\/reinitialisation\/([A-Za-z0-9_-]{20,100})$/;

const isGdprSection = (value: string): value is GdprSection => (GDPR_SECTIONS as readonly string[]).includes(value);

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  switch (path) {
    case '/':
    case '/conversations':
      return { name: 'home' };
    case '/login':
      return { name: 'login' };
    case '/setup':
      return { name: 'setup' };
    case '/admin':
      return { name: 'admin' };
    case '/admin/import':
      return { name: 'rosterImport' };
    case '/alertes':
      return { name: 'alerts' };
    case '/mes-donnees':
      return { name: 'myData' };
    case '/notice':
      return { name: 'notice' };
    case '/rgpd':
      return { name: 'gdpr', section: 'registre' };
    default: {
      const conversation = CONVERSATION.exec(path);
      if (conversation) return { name: 'conversation', id: conversation[1]! };
      const alert = ALERT.exec(path);
      if (alert) return { name: 'alert', id: alert[1]! };
      const section = GDPR.exec(path)?.[1];
      if (section !== undefined && isGdprSection(section)) return { name: 'gdpr', section };
      const reset = PASSWORD_RESET.exec(path);
      if (reset) return { name: 'passwordReset', token: reset[1]! };
      return { name: 'notFound' };
    }
  }
}

export const paths = {
  home: () => '/',
  login: () => '/login',
  setup: () => '/setup',
  passwordReset: (token: string) => `/reinitialisation/${encodeURIComponent(token)}`,
  admin: () => '/admin',
  conversation: (id: string) => `/conversations/${encodeURIComponent(id)}`,
  rosterImport: () => '/admin/import',
  alerts: () => '/alertes',
  alert: (id: string) => `/alertes/${encodeURIComponent(id)}`,
  myData: () => '/mes-donnees',
  notice: () => '/notice',
  gdpr: (section: GdprSection = 'registre') => `/rgpd/${section}`,
};

const NAVIGATE_EVENT = 'tuteur:navigate';

/** Goes to an in-app path without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search + window.location.hash) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

/** The current path, re-rendering on navigation (links, back/forward buttons). */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An ordinary <a href> (so opening in a new tab works) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (rest.target && rest.target !== '_self')
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return createElement('a', { ...rest, href: to, onClick: handleClick });
}
