// The school picker of the admin pages (académie admins manage several schools): one list, one wording.
import { t } from '../../i18n/fr.ts';

export function SchoolSelect({ schools, value, onChange, testId }: { schools: readonly { id: string; name: string; uai: string }[]; value: string; onChange: (schoolId: string) => void; testId: string }) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      <option value="">{t('admin.classes.chooseSchool')}</option>
      {schools.map((school) => (
        <option key={school.id} value={school.id}>
          {school.name} ({school.uai})
        </option>
      ))}
    </select>
  );
}
