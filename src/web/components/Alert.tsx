// A message box: errors are announced at once (role=alert), other kinds politely (role=status).
import type { ReactNode } from 'react';

interface AlertProps {
  kind: 'error' | 'info' | 'success' | 'warning';
  title?: ReactNode;
  children?: ReactNode;
  testId?: string;
}

export function Alert({ kind, title, children, testId }: AlertProps) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {title ? <p className="alert-title">{title}</p> : null}
      {children}
    </div>
  );
}
