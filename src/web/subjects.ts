// Subjects a pupil can pick for a new conversation: a stable code is sent to the API, the French name is shown.
import { SUBJECTS, type Subject } from '../shared/roles.ts';
import { tMaybe } from './i18n/fr.ts';

export { SUBJECTS, type Subject };

/** French name of a subject code; an unknown value from the server is shown as it is. */
export function subjectLabel(subject: string): string {
  return tMaybe(`subject.${subject}`) ?? subject;
}

export function subjectOptions(): { value: Subject; label: string }[] {
  return SUBJECTS.map((value) => ({ value, label: subjectLabel(value) }));
}

