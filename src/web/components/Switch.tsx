// An on/off switch (a button with role="switch"), with its state also written out, not only coloured.
import { useId } from 'react';
import './switch.css';

interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  onText: string;
  offText: string;
  disabled?: boolean;
  testId?: string;
}

export function Switch({ checked, onChange, label, onText, offText, disabled, testId }: SwitchProps) {
  const labelId = useId();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-labelledby={labelId}
      className={checked ? 'switch switch-on' : 'switch'}
      onClick={() => onChange(!checked)}
      disabled={disabled}
      data-testid={testId}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text">
        <span className="switch-label" id={labelId}>
          {label}
        </span>
        <span className="switch-state">{checked ? onText : offText}</span>
      </span>
    </button>
  );
}
