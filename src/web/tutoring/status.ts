// What the pupil is told about the tutor's availability: remaining quota, the running séance, or why not.
import type { TutorStatus } from '../../shared/api.ts';
import { t } from '../i18n/fr.ts';

/**
 * Codes of the French refusals the API gives before a message is stored (403/429), and of the stop of a
 * running answer by a teacher: they are normal situations, shown calmly, not as failures.
 */
export const REFUSAL_CODES: ReadonlySet<string> = new Set([
  'no_class',
  'tutor_off_class',
  'level_not_allowed',
  'tutor_off_assignment',
  'assignment_not_open',
  'assignment_closed',
  'free_questions_off',
  'live_session_required',
  'holiday',
  'outside_hours',
  'quota_day',
  'quota_week',
  'mode_not_allowed',
  'tutor_stopped',
]);

export const isRefusal = (code: string): boolean => REFUSAL_CODES.has(code);

/** The remaining quota as one sentence: the tighter of the day's and the week's. */
export function quotaMessage(quota: TutorStatus['quota']): string {
  const day = Math.max(0, quota.day.limit - quota.day.used);
  const week = Math.max(0, quota.week.limit - quota.week.used);
  if (week === 0) return t('tutor.quotaWeekUsed');
  if (day === 0) return t('tutor.quotaDayUsed');
  if (week < day) return week === 1 ? t('tutor.quotaWeekOne') : t('tutor.quotaWeek', { count: week });
  return day === 1 ? t('tutor.quotaDayOne') : t('tutor.quotaDay', { count: day });
}

/**
 * The refusal to show where the pupil is. The status is computed for a question outside any assignment, so
 * "free questions are off" says nothing about assignments: it is shown only for a free conversation.
 */
export function visibleRefusal(status: TutorStatus, where: 'home' | 'assignment' | 'free'): { code: string; message: string } | null {
  if (status.access.allowed) return null;
  if (status.access.code === 'free_questions_off' && where !== 'free') return null;
  return { code: status.access.code, message: status.access.message };
}
