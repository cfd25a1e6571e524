// The school's GDPR settings: retention durations (applied by the daily job) and the contacts quoted in
// the notice, the register and the AIPD. The head of school edits them; the DPO reads them.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { gdprPaths, type GdprSettings } from '../../gdpr/api.ts';
import { t } from '../../i18n/fr.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';

type Draft = Record<keyof GdprSettings, string>;

const NUMBER_FIELDS = ['conversationDays', 'auditMonths', 'leftPupilMonths', 'alertMonths'] as const;
const TEXT_FIELDS = ['headName', 'schoolAddress', 'dpoName', 'dpoEmail', 'dpoPhone', 'dpoAddress'] as const;

const toDraft = (settings: GdprSettings): Draft =>
  Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, value === null ? '' : String(value)])) as Draft;

/**
 * The PUT body: only what changed; an emptied text or conversation duration becomes null (back to the
 * default). Returns field errors instead when a number is not a whole number.
 */
export function settingsChanges(saved: GdprSettings, draft: Draft): { changes: Partial<GdprSettings> } | { errors: Record<string, string> } {
  const changes: Record<string, number | string | null> = {};
  const errors: Record<string, string> = {};
  for (const key of NUMBER_FIELDS) {
    const text = draft[key].trim();
    if (text === '' && key === 'conversationDays') {
      if (saved[key] !== null) changes[key] = null;
      continue;
    }
    if (!/^\d+$/.test(text)) {
      errors[key] = t('gdprSettings.wholeNumber');
      continue;
    }
    const value = Number(text);
    if (value !== saved[key]) changes[key] = value;
  }
  for (const key of TEXT_FIELDS) {
    const text = draft[key].trim();
    const value = text === '' ? null : text;
    if (value !== saved[key]) changes[key] = value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { changes };
}

export function GdprSettingsSection({ schoolId, editable }: { schoolId: string | null; editable: boolean }) {
  const { resource, reload } = useResource<GdprSettings>(gdprPaths.settings(schoolId));
  return (
    <section className="card gdpr-section" aria-labelledby="gdpr-settings-title">
      <h2 id="gdpr-settings-title">{t('gdprSettings.title')}</h2>
      <p className="muted">{t('gdprSettings.intro')}</p>
      {!editable ? (
        <Alert kind="info" testId="gdpr-settings-readonly">
          <p>{t('gdprSettings.readOnly')}</p>
        </Alert>
      ) : null}
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' && !resource.data ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? <SettingsForm initial={resource.data} schoolId={schoolId} editable={editable} /> : null}
    </section>
  );
}

function SettingsForm({ initial, schoolId, editable }: { initial: GdprSettings; schoolId: string | null; editable: boolean }) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => toDraft(initial));
  const form = useApiForm();

  const set = (key: keyof GdprSettings) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = settingsChanges(saved, draft);
    if ('errors' in result) return form.fail(result.errors);
    await form.submit(async () => {
      if (Object.keys(result.changes).length === 0) return t('gdprSettings.nothing');
      const next = await api.put<GdprSettings>(gdprPaths.settings(schoolId), result.changes);
      setSaved(next);
      setDraft(toDraft(next));
      return t('gdprSettings.saved');
    });
  };

  const input = (key: keyof GdprSettings, type: 'text' | 'email' | 'tel' | 'number' = 'text') => (
    <input
      type={type === 'number' ? 'text' : type}
      inputMode={type === 'number' ? 'numeric' : undefined}
      value={draft[key]}
      onChange={set(key)}
      readOnly={!editable}
      data-testid={`gdpr-setting-${key}`}
    />
  );

  return (
    <form className="form gdpr-settings" onSubmit={onSubmit} noValidate data-testid="gdpr-settings-form">
      <fieldset className="gdpr-settings-group">
        <legend>{t('gdprSettings.retention')}</legend>
        <div className="form-grid">
          <Field label={t('gdprSettings.conversationDays')} hint={t('gdprSettings.conversationDaysHint')} error={form.fieldErrors.conversationDays}>
            {input('conversationDays', 'number')}
          </Field>
          <Field label={t('gdprSettings.auditMonths')} hint={t('gdprSettings.auditMonthsHint')} error={form.fieldErrors.auditMonths}>
            {input('auditMonths', 'number')}
          </Field>
          <Field label={t('gdprSettings.leftPupilMonths')} hint={t('gdprSettings.leftPupilMonthsHint')} error={form.fieldErrors.leftPupilMonths}>
            {input('leftPupilMonths', 'number')}
          </Field>
          <Field label={t('gdprSettings.alertMonths')} hint={t('gdprSettings.alertMonthsHint')} error={form.fieldErrors.alertMonths}>
            {input('alertMonths', 'number')}
          </Field>
        </div>
      </fieldset>
      <fieldset className="gdpr-settings-group">
        <legend>{t('gdprSettings.contacts')}</legend>
        <div className="form-grid">
          <Field label={t('gdprSettings.headName')} hint={t('gdprSettings.headNameHint')} error={form.fieldErrors.headName}>
            {input('headName')}
          </Field>
          <Field label={t('gdprSettings.schoolAddress')} error={form.fieldErrors.schoolAddress}>
            {input('schoolAddress')}
          </Field>
          <Field label={t('gdprSettings.dpoName')} error={form.fieldErrors.dpoName}>
            {input('dpoName')}
          </Field>
          <Field label={t('gdprSettings.dpoEmail')} error={form.fieldErrors.dpoEmail}>
            {input('dpoEmail', 'email')}
          </Field>
          <Field label={t('gdprSettings.dpoPhone')} error={form.fieldErrors.dpoPhone}>
            {input('dpoPhone', 'tel')}
          </Field>
          <Field label={t('gdprSettings.dpoAddress')} error={form.fieldErrors.dpoAddress}>
            {input('dpoAddress')}
          </Field>
        </div>
      </fieldset>
      {editable ? (
        <>
          <FormFeedback error={form.error} success={form.success} testId="gdpr-settings" />
          <div className="form-actions">
            <button type="submit" className="button" disabled={form.busy} data-testid="gdpr-settings-save">
              {form.busy ? t('form.saving') : t('gdprSettings.save')}
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
