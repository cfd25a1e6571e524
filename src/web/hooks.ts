// Small React hooks shared by the pages.
import { useEffect, useRef } from 'react';
import { t } from './i18n/fr.ts';

/** Sets the tab title to "<title> – Tuteur". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title]);
}

/** Calls `callback` every `ms` while the tab is in view (a hidden tab does not poll the server). */
export function useInterval(callback: () => void, ms: number): void {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') latest.current();
    }, ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}
