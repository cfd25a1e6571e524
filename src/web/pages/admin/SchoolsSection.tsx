// Schools (établissements, by UAI code): the list, and for an académie administrator a form to add one.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { t } from '../../i18n/fr.ts';
import { useSession } from '../../session.ts';
import { useApiForm } from '../../useApiForm.ts';
import type { Resource } from '../../useResource.ts';
import type { School } from './types.ts';

interface SchoolsSectionProps {
  schools: Resource<School[]>;
  reload: () => Promise<void>;
}

export function SchoolsSection({ schools, reload }: SchoolsSectionProps) {
  const { me } = useSession();
  // A school's own administrator manages that school; adding schools is the académie's job.
  const canCreate = me.role === 'academie-admin';
  return (
    <section className="card admin-section" id="etablissements" aria-labelledby="etablissements-title">
      <h2 id="etablissements-title">{t('admin.schools.title')}</h2>
      {schools.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {schools.status === 'failed' ? <SectionLoadError message={schools.message} onRetry={() => void reload()} /> : null}
      {schools.data ? (
        schools.data.length === 0 ? (
          <p className="muted">{t('admin.schools.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="admin-schools-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.schools.uai')}</th>
                  <th scope="col">{t('admin.schools.name')}</th>
                </tr>
              </thead>
              <tbody>
                {schools.data.map((school) => (
                  <tr key={school.id} data-testid="admin-school-row" data-uai={school.uai}>
                    <td>
                      <code>{school.uai}</code>
                    </td>
                    <td>{school.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {canCreate ? <CreateSchoolForm onCreated={reload} /> : null}
    </section>
  );
}

function CreateSchoolForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [uai, setUai] = useState('');
  const [name, setName] = useState('');
  const form = useApiForm();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!uai.trim()) missing.uai = t('form.required');
    if (!name.trim()) missing.name = t('form.required');
    if (Object.keys(missing).length > 0) return form.fail(missing);
    const ok = await form.submit(async () => {
      await api.post('/api/schools', { uai: uai.trim().toUpperCase(), name: name.trim() });
      await onCreated();
      return t('admin.schools.created', { name: name.trim() });
    });
    if (ok) {
      setUai('');
      setName('');
    }
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate aria-labelledby="school-form-title">
      <h3 id="school-form-title">{t('admin.schools.createTitle')}</h3>
      <FormFeedback error={form.error} success={form.success} testId="admin-school" />
      <div className="form-grid">
        <Field label={t('admin.schools.uai')} hint={t('admin.schools.uaiHint')} error={form.fieldErrors.uai}>
          <input
            type="text"
            value={uai}
            onChange={(event) => setUai(event.target.value)}
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={8}
            data-testid="admin-school-uai"
          />
        </Field>
        <Field label={t('admin.schools.name')} error={form.fieldErrors.name}>
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} data-testid="admin-school-name" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={form.busy} data-testid="admin-school-submit">
          {form.busy ? t('form.saving') : t('admin.schools.create')}
        </button>
      </div>
    </form>
  );
}
