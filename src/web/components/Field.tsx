// A labelled form control with its hint and error message wired for screen readers.
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { t } from '../i18n/fr.ts';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  /** The control (<input>, <select>, <textarea>): receives id, aria-describedby and aria-invalid. */
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, error, optional, children }: FieldProps) {
  const baseId = useId();
  const controlId = (children.props.id as string | undefined) ?? `${baseId}-control`;
  const hintId = `${baseId}-hint`;
  const errorId = `${baseId}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={controlId}>
        {label}
        {optional ? <span className="optional"> ({t('form.optional')})</span> : null}
      </label>
      {cloneElement(children, {
        id: controlId,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
      })}
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
