// Creating or editing an assignment: title, subject, statement, the hidden expected answer, allowed modes,
// classes, opening and closing dates (datetime-local in the browser's zone).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AssignmentView, MeResponse } from '../../../shared/api.ts';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { t } from '../../i18n/fr.ts';
import { levelLabel } from '../../levels.ts';
import { subjectOptions } from '../../subjects.ts';
import { tutoringApi } from '../../tutoring/api.ts';
import { changedFields, checkDraft, draftOf, LIMITS, newDraft, type AssignmentDraft } from '../../tutoring/assignmentDraft.ts';
import { browserTimeZone } from '../../tutoring/datetime.ts';
import { modeHelpForTeacher, modeLabel, TUTOR_MODES } from '../../tutoring/modes.ts';
import { useApiForm } from '../../useApiForm.ts';

interface AssignmentFormProps {
  classes: MeResponse['classes'];
  /** The assignment to edit; a new one when absent. */
  assignment?: AssignmentView;
  onCancel: () => void;
  /** Called with the saved title once the server accepted the form. */
  onSaved: (title: string) => void;
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

export function AssignmentForm({ classes, assignment, onCancel, onSaved }: AssignmentFormProps) {
  const [draft, setDraft] = useState<AssignmentDraft>(() => (assignment ? draftOf(assignment) : newDraft(Date.now(), classes.map((c) => c.id))));
  const form = useApiForm();
  const titleRef = useRef<HTMLInputElement>(null);
  const formId = assignment ? `assignment-form-${assignment.id}` : 'assignment-form-new';
  const zone = browserTimeZone();

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  const set = <K extends keyof AssignmentDraft>(key: K, value: AssignmentDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkDraft(draft);
    if (!check.ok) return form.fail(check.errors);
    const { payload } = check;
    const ok = await form.submit(async () => {
      if (!assignment) {
        await tutoringApi.createAssignment(payload);
      } else {
        const patch = changedFields(assignment, payload);
        if (Object.keys(patch).length > 0) await tutoringApi.updateAssignment(assignment.id, patch);
      }
      return '';
    });
    if (ok) onSaved(payload.title);
  };

  return (
    <form className="assignment-form" onSubmit={onSubmit} noValidate aria-labelledby={`${formId}-title`} data-testid="assignment-form">
      <h3 id={`${formId}-title`}>{assignment ? t('assignmentForm.editTitle', { title: assignment.title }) : t('assignmentForm.newTitle')}</h3>
      <FormFeedback error={form.error} success={null} testId="assignment-form" />
      <div className="form-grid">
        <Field label={t('assignmentForm.title')} error={form.fieldErrors.title}>
          <input ref={titleRef} type="text" value={draft.title} maxLength={LIMITS.title} onChange={(e) => set('title', e.target.value)} data-testid="af-title" />
        </Field>
        <Field label={t('assignmentForm.subject')} error={form.fieldErrors.subject}>
          <select value={draft.subject} onChange={(e) => set('subject', e.target.value as AssignmentDraft['subject'])} data-testid="af-subject">
            <option value="">{t('assignmentForm.chooseSubject')}</option>
            {subjectOptions().map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('assignmentForm.statement')} hint={t('assignmentForm.statementHint')} error={form.fieldErrors.statement}>
        <textarea rows={6} value={draft.statement} onChange={(e) => set('statement', e.target.value)} data-testid="af-statement" />
      </Field>
      <Field label={t('assignmentForm.expectedAnswer')} hint={t('assignmentForm.expectedAnswerHint')} error={form.fieldErrors.expectedAnswer} optional>
        <textarea rows={2} value={draft.expectedAnswer} onChange={(e) => set('expectedAnswer', e.target.value)} data-testid="af-expected" />
      </Field>

      <fieldset className="field" aria-describedby={form.fieldErrors.modes ? `${formId}-modes-error` : undefined}>
        <legend>{t('assignmentForm.modes')}</legend>
        <div className="choice-list">
          {TUTOR_MODES.map((mode) => (
            <label key={mode} className="choice">
              <input
                type="checkbox"
                checked={draft.modes.includes(mode)}
                onChange={(e) => set('modes', toggle(draft.modes, mode, e.target.checked))}
                data-testid={`af-mode-${mode}`}
              />
              <span>
                <span className="choice-name">{modeLabel(mode)}</span>
                <span className="choice-help">{modeHelpForTeacher(mode)}</span>
              </span>
            </label>
          ))}
        </div>
        {form.fieldErrors.modes ? (
          <span className="field-error" id={`${formId}-modes-error`}>
            {form.fieldErrors.modes}
          </span>
        ) : null}
      </fieldset>

      <fieldset className="field" aria-describedby={form.fieldErrors.classIds ? `${formId}-classes-error` : undefined}>
        <legend>{t('assignmentForm.classes')}</legend>
        <div className="checkbox-list">
          {classes.map((schoolClass) => (
            <label key={schoolClass.id} className="checkbox">
              <input
                type="checkbox"
                checked={draft.classIds.includes(schoolClass.id)}
                onChange={(e) => set('classIds', toggle(draft.classIds, schoolClass.id, e.target.checked))}
                data-testid="af-class"
                data-class-name={schoolClass.name}
              />
              {schoolClass.name} <span className="muted">({levelLabel(schoolClass.level)})</span>
            </label>
          ))}
        </div>
        {form.fieldErrors.classIds ? (
          <span className="field-error" id={`${formId}-classes-error`}>
            {form.fieldErrors.classIds}
          </span>
        ) : null}
      </fieldset>

      <div className="form-grid">
        <Field label={t('assignmentForm.opensAt')} hint={t('assignmentForm.zoneHint', { zone })} error={form.fieldErrors.opensAt}>
          <input type="datetime-local" value={draft.opensAt} onChange={(e) => set('opensAt', e.target.value)} data-testid="af-opens" />
        </Field>
        <Field label={t('assignmentForm.closesAt')} hint={t('assignmentForm.zoneHint', { zone })} error={form.fieldErrors.closesAt}>
          <input type="datetime-local" value={draft.closesAt} onChange={(e) => set('closesAt', e.target.value)} data-testid="af-closes" />
        </Field>
      </div>

      <div className="form-actions">
        <button type="submit" className="button" disabled={form.busy} data-testid="af-submit">
          {form.busy ? t('form.saving') : assignment ? t('assignmentForm.save') : t('assignmentForm.create')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={form.busy} data-testid="af-cancel">
          {t('assignmentForm.cancel')}
        </button>
      </div>
    </form>
  );
}
