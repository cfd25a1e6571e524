// Small React hooks shared by the pages.
import { useEffect } from 'react';
import { t } from './i18n/fr.ts';

/** Sets the tab title to "<title> – Tuteur". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title]);
}
