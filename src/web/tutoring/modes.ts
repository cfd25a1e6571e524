// Tutor modes as the pupil and the teacher read them: the shared French name and a one-line explanation.
import { TUTOR_MODE_LABELS_FR, TUTOR_MODES, type TutorMode } from '../../shared/roles.ts';
import { t, type MessageKey } from '../i18n/fr.ts';

export { TUTOR_MODES, type TutorMode };

const PUPIL_HELP = {
  guidage: 'mode.guidage.pupil',
  explication: 'mode.explication.pupil',
  verification: 'mode.verification.pupil',
} as const satisfies Record<TutorMode, MessageKey>;

const TEACHER_HELP = {
  guidage: 'mode.guidage.teacher',
  explication: 'mode.explication.teacher',
  verification: 'mode.verification.teacher',
} as const satisfies Record<TutorMode, MessageKey>;

/** French name of a mode code; an unknown code from the server is shown as it is. */
export function modeLabel(mode: string): string {
  return (TUTOR_MODE_LABELS_FR as Record<string, string>)[mode] ?? mode;
}

export const modeHelpForPupil = (mode: TutorMode): string => t(PUPIL_HELP[mode]);
export const modeHelpForTeacher = (mode: TutorMode): string => t(TEACHER_HELP[mode]);

/** The allowed modes in the usual order (Guidage first), whatever order the server stored them in. */
export function orderedModes(allowed: readonly string[]): TutorMode[] {
  return TUTOR_MODES.filter((mode) => allowed.includes(mode));
}
