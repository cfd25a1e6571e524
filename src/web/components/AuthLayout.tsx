// The frame of the pages shown before or outside a session (sign-in, first set-up, password reset): the
// brand above one card, as the main landmark.
import type { ReactNode } from 'react';
import { t } from '../i18n/fr.ts';

export function AuthLayout({ wide = false, footer, children }: { wide?: boolean; footer?: string; children: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <div className="auth-brand" aria-hidden="true">
        <span className="brand-mark">T</span>
        <span>{t('app.name')}</span>
      </div>
      <div className={wide ? 'card auth-card auth-card-wide' : 'card auth-card'}>{children}</div>
      {footer ? <p className="auth-footer">{footer}</p> : null}
    </main>
  );
}
