// The school picker of the admin pages (académie admins manage several schools): one list, one wording.
// Placed inside <Field>, it receives the id and aria attributes that tie it to its label: passed on to the
// <select> itself, or the control would have no accessible name.
import type { SelectHTMLAttributes } from 'react';
import { t } from '../../i18n/fr.ts';

type ForwardedAttributes = Pick<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'aria-describedby' | 'aria-invalid'>;

export function SchoolSelect({
  schools,
  value,
  onChange,
  testId,
  ...forwarded
}: ForwardedAttributes & { schools: readonly { id: string; name: string; uai: string }[]; value: string; onChange: (schoolId: string) => void; testId: string }) {
  return (
    <select {...forwarded} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      <option value="">{t('admin.classes.chooseSchool')}</option>
      {schools.map((school) => (
        <option key={school.id} value={school.id}>
          {school.name} ({school.uai})
        </option>
      ))}
    </select>
  );
}
