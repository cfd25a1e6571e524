// Classes of the schools: the list and a form to add one (school, name, level).
import { useState, type FormEvent } from 'react';
import { LEVELS } from '../../../shared/roles.ts';
import { api } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { t } from '../../i18n/fr.ts';
import { levelLabel } from '../../levels.ts';
import { useApiForm } from '../../useApiForm.ts';
import type { Resource } from '../../useResource.ts';
import type { School, SchoolClass } from './types.ts';
import { SchoolSelect } from './SchoolSelect.tsx';

interface ClassesSectionProps {
  schools: School[];
  classes: Resource<SchoolClass[]>;
  reload: () => Promise<void>;
}

export function ClassesSection({ schools, classes, reload }: ClassesSectionProps) {
  const schoolName = (id: string) => schools.find((school) => school.id === id)?.name ?? t('admin.none');
  const showSchool = schools.length > 1;
  return (
    <section className="card admin-section" id="classes" aria-labelledby="classes-title">
      <h2 id="classes-title">{t('admin.classes.title')}</h2>
      {classes.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {classes.status === 'failed' ? <SectionLoadError message={classes.message} onRetry={() => void reload()} /> : null}
      {classes.data ? (
        classes.data.length === 0 ? (
          <p className="muted">{t('admin.classes.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="admin-classes-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.classes.name')}</th>
                  <th scope="col">{t('admin.classes.level')}</th>
                  {showSchool ? <th scope="col">{t('admin.classes.school')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {classes.data.map((schoolClass) => (
                  <tr key={schoolClass.id} data-testid="admin-class-row">
                    <td>{schoolClass.name}</td>
                    <td>{levelLabel(schoolClass.level)}</td>
                    {showSchool ? <td>{schoolName(schoolClass.schoolId)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <CreateClassForm schools={schools} onCreated={reload} />
    </section>
  );
}

function CreateClassForm({ schools, onCreated }: { schools: School[]; onCreated: () => Promise<void> }) {
  const [schoolId, setSchoolId] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<string>('');
  const form = useApiForm();
  const chosenSchool = schoolId || (schools.length === 1 ? schools[0]!.id : '');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!chosenSchool) missing.schoolId = t('form.required');
    if (!name.trim()) missing.name = t('form.required');
    if (!level) missing.level = t('form.required');
    if (Object.keys(missing).length > 0) return form.fail(missing);
    const ok = await form.submit(async () => {
      await api.post('/api/classes', { schoolId: chosenSchool, name: name.trim(), level });
      await onCreated();
      return t('admin.classes.created', { name: name.trim() });
    });
    if (ok) setName('');
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate aria-labelledby="class-form-title">
      <h3 id="class-form-title">{t('admin.classes.createTitle')}</h3>
      {schools.length === 0 ? (
        <p className="muted">{t('admin.classes.needSchool')}</p>
      ) : (
        <>
          <FormFeedback error={form.error} success={form.success} testId="admin-class" />
          <div className="form-grid">
            <Field label={t('admin.classes.school')} error={form.fieldErrors.schoolId}>
                <SchoolSelect schools={schools} value={chosenSchool} onChange={setSchoolId} testId="admin-class-school" />
              </Field>
            <Field label={t('admin.classes.name')} hint={t('admin.classes.nameHint')} error={form.fieldErrors.name}>
              <input type="text" value={name} onChange={(event) => setName(event.target.value)} data-testid="admin-class-name" />
            </Field>
            <Field label={t('admin.classes.level')} error={form.fieldErrors.level}>
              <select value={level} onChange={(event) => setLevel(event.target.value)} data-testid="admin-class-level">
                <option value="">{t('admin.none')}</option>
                {LEVELS.map((code) => (
                  <option key={code} value={code}>
                    {levelLabel(code)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={form.busy} data-testid="admin-class-submit">
              {form.busy ? t('form.saving') : t('admin.classes.create')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
