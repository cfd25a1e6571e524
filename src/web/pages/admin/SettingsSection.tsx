// The school's settings (national framework for AI use, opening hours, holidays, quotas): each with its
// description, current value and whether it is still the default; saved one by one, errors beside the field.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { t } from '../../i18n/fr.ts';
import { useSession } from '../../session.ts';
import { tutoringApi, tutoringPaths, type SettingView } from '../../tutoring/api.ts';
import { useResource } from '../../useResource.ts';
import type { School } from './types.ts';
import { SchoolSelect } from './SchoolSelect.tsx';

export function SettingsSection({ schools }: { schools: School[] }) {
  const { me } = useSession();
  const [chosen, setChosen] = useState('');
  // A school's administrator sets its own school; an académie administrator picks one.
  const schoolId = me.school?.id ?? (chosen || (schools.length === 1 ? schools[0]!.id : ''));
  return (
    <section className="card admin-section" id="reglages" aria-labelledby="reglages-title">
      <h2 id="reglages-title">{t('admin.settings.title')}</h2>
      <p className="muted">{t('admin.settings.intro')}</p>
      {me.school ? null : (
        <div className="settings-school">
          <Field label={t('admin.settings.school')}>
            <SchoolSelect schools={schools} value={schoolId} onChange={setChosen} testId="settings-school" />
          </Field>
        </div>
      )}
      {schoolId ? <SchoolSettings key={schoolId} schoolId={schoolId} /> : <p className="muted">{t('admin.settings.chooseSchool')}</p>}
    </section>
  );
}

function SchoolSettings({ schoolId }: { schoolId: string }) {
  const settings = useResource<SettingView[]>(tutoringPaths.settings(schoolId));
  if (settings.resource.status === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (settings.resource.status === 'failed') return <SectionLoadError message={settings.resource.message} onRetry={() => void settings.reload()} />;
  return (
    <ul className="settings-list">
      {settings.resource.data.map((setting) => (
        <li key={setting.key}>
          <SettingRow schoolId={schoolId} initial={setting} />
        </li>
      ))}
    </ul>
  );
}

function SettingRow({ schoolId, initial }: { schoolId: string; initial: SettingView }) {
  const [setting, setSetting] = useState(initial);
  const [value, setValue] = useState(initial.value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const unchanged = value.trim() === setting.value;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const next = await tutoringApi.saveSetting(schoolId, setting.key, value);
      setSetting(next);
      setValue(next.value);
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="setting-row" onSubmit={onSubmit} noValidate data-testid="setting-row" data-key={setting.key}>
      <div className="setting-head">
        <code className="setting-key">{setting.key}</code>
        {setting.isDefault ? (
          <span className="badge" data-testid="setting-default">
            {t('admin.settings.default')}
          </span>
        ) : (
          <span className="badge badge-success" data-testid="setting-custom">
            {t('admin.settings.custom')}
          </span>
        )}
      </div>
      <Field
        label={setting.description}
        hint={
          <>
            {t('admin.settings.current')} <code data-testid="setting-value">{setting.value || t('admin.settings.empty')}</code>
          </>
        }
        error={error}
      >
        <input
          type="text"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(false);
          }}
          spellCheck={false}
          data-testid="setting-input"
        />
      </Field>
      <div className="setting-actions">
        <button type="submit" className="button button-small" disabled={busy || unchanged} data-testid="setting-save">
          {busy ? t('form.saving') : t('admin.settings.save')}
        </button>
        {saved ? (
          <span className="setting-saved" role="status" data-testid="setting-saved">
            {t('admin.settings.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
