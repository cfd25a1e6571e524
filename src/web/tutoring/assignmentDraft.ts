// The assignment form as plain data: what the inputs hold (text), how it becomes the API payload, with
// French messages per field before anything is sent, and which fields an edit really changes.
import type { AssignmentView } from '../../shared/api.ts';
import { SUBJECTS, TUTOR_MODES, type Subject, type TutorMode } from '../../shared/roles.ts';
import { t } from '../i18n/fr.ts';
import type { AssignmentPatch, AssignmentPayload } from './api.ts';
import { fromDateTimeLocal, toDateTimeLocal } from './datetime.ts';

export interface AssignmentDraft {
  title: string;
  subject: Subject | '';
  statement: string;
  expectedAnswer: string;
  modes: TutorMode[];
  classIds: string[];
  /** datetime-local values, in the browser's zone */
  opensAt: string;
  closesAt: string;
}

/** Same limits as the API's assignment schema. */
export const LIMITS = { title: 200, statement: 20_000, expectedAnswer: 2000 } as const;

const MINUTE = 60_000;

/** A new assignment: open from now (to the minute) until the same day next week at 18:00, in Guidage. */
export function newDraft(now: number, classIds: string[]): AssignmentDraft {
  const closes = new Date(now);
  closes.setDate(closes.getDate() + 7);
  closes.setHours(18, 0, 0, 0);
  return {
    title: '',
    subject: '',
    statement: '',
    expectedAnswer: '',
    modes: ['guidage'],
    // A teacher with one class means that one.
    classIds: classIds.length === 1 ? [...classIds] : [],
    opensAt: toDateTimeLocal(Math.floor(now / MINUTE) * MINUTE),
    closesAt: toDateTimeLocal(closes.getTime()),
  };
}

export function draftOf(assignment: AssignmentView): AssignmentDraft {
  return {
    title: assignment.title,
    subject: assignment.subject,
    statement: assignment.statement,
    expectedAnswer: assignment.expectedAnswer ?? '',
    modes: TUTOR_MODES.filter((mode) => assignment.modes.includes(mode)),
    classIds: [...assignment.classIds],
    opensAt: toDateTimeLocal(assignment.opensAt),
    closesAt: toDateTimeLocal(assignment.closesAt),
  };
}

export type DraftCheck = { ok: true; payload: AssignmentPayload } | { ok: false; errors: Partial<Record<keyof AssignmentDraft, string>> };

/** Checks the draft like the server would, so that the teacher sees every problem at once, next to its field. */
export function checkDraft(draft: AssignmentDraft): DraftCheck {
  const errors: Partial<Record<keyof AssignmentDraft, string>> = {};
  const title = draft.title.trim();
  const statement = draft.statement.trim();
  const expectedAnswer = draft.expectedAnswer.trim();
  if (!title) errors.title = t('form.required');
  else if (title.length > LIMITS.title) errors.title = t('form.tooLong', { max: LIMITS.title });
  if (!draft.subject || !SUBJECTS.includes(draft.subject)) errors.subject = t('form.required');
  if (!statement) errors.statement = t('form.required');
  else if (statement.length > LIMITS.statement) errors.statement = t('form.tooLong', { max: LIMITS.statement });
  if (expectedAnswer.length > LIMITS.expectedAnswer) errors.expectedAnswer = t('form.tooLong', { max: LIMITS.expectedAnswer });
  if (draft.modes.length === 0) errors.modes = t('assignmentForm.modesRequired');
  if (draft.classIds.length === 0) errors.classIds = t('assignmentForm.classesRequired');
  const opensAt = fromDateTimeLocal(draft.opensAt);
  const closesAt = fromDateTimeLocal(draft.closesAt);
  if (opensAt === null) errors.opensAt = t('assignmentForm.dateInvalid');
  if (closesAt === null) errors.closesAt = t('assignmentForm.dateInvalid');
  else if (opensAt !== null && closesAt <= opensAt) errors.closesAt = t('assignmentForm.closesBeforeOpens');
  if (Object.keys(errors).length > 0 || opensAt === null || closesAt === null || !draft.subject) return { ok: false, errors };
  return {
    ok: true,
    payload: {
      title,
      subject: draft.subject,
      statement,
      expectedAnswer,
      modes: TUTOR_MODES.filter((mode) => draft.modes.includes(mode)),
      classIds: [...draft.classIds],
      opensAt,
      closesAt,
    },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * The fields an edit changes, for PATCH. Unchanged classes are left out on purpose: an assignment may also
 * be given to a class the teacher no longer teaches, and resending it would be refused.
 */
export function changedFields(before: AssignmentView, after: AssignmentPayload): AssignmentPatch {
  const patch: AssignmentPatch = {};
  if (after.title !== before.title) patch.title = after.title;
  if (after.subject !== before.subject) patch.subject = after.subject;
  if (after.statement !== before.statement) patch.statement = after.statement;
  if ((after.expectedAnswer ?? '') !== (before.expectedAnswer ?? '')) patch.expectedAnswer = after.expectedAnswer ?? '';
  if (!sameSet(after.modes, before.modes)) patch.modes = after.modes;
  if (!sameSet(after.classIds, before.classIds)) patch.classIds = after.classIds;
  // datetime-local has minute precision: a date the teacher did not touch must not lose its seconds.
  if (Math.floor(after.opensAt / MINUTE) !== Math.floor(before.opensAt / MINUTE)) patch.opensAt = after.opensAt;
  if (Math.floor(after.closesAt / MINUTE) !== Math.floor(before.closesAt / MINUTE)) patch.closesAt = after.closesAt;
  return patch;
}

export type AssignmentPhase = 'upcoming' | 'open' | 'closed';

/** Same rule as the server's list for pupils: open from opensAt (included) to closesAt (excluded). */
export function assignmentPhase(assignment: { opensAt: number; closesAt: number }, now: number): AssignmentPhase {
  if (now < assignment.opensAt) return 'upcoming';
  return now < assignment.closesAt ? 'open' : 'closed';
}
