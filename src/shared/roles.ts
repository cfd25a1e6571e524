// Role codes used in the API, the CLI and the database, and their names in the French UI.

export const ROLES = ['pupil', 'teacher', 'school-admin', 'dpo', 'academie-admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS_FR: Record<Role, string> = {
  pupil: 'Élève',
  teacher: 'Enseignant·e',
  'school-admin': "Chef d'établissement",
  dpo: 'DPD',
  'academie-admin': 'Administrateur académique',
};

/** Class levels, collège then lycée. Codes are matched case-insensitively on input. */
export const LEVELS = ['6e', '5e', '4e', '3e', '2nde', '1re', 'terminale'] as const;
export type Level = (typeof LEVELS)[number];

export function parseLevel(input: string): Level | undefined {
  const lowered = input.trim().toLowerCase();
  return LEVELS.find((level) => level === lowered);
}

/** Tutor modes: Guidage never gives the final answer; Explication explains a notion; Vérification checks the pupil's own answer. */
export const TUTOR_MODES = ['guidage', 'explication', 'verification'] as const;
export type TutorMode = (typeof TUTOR_MODES)[number];

export const TUTOR_MODE_LABELS_FR: Record<TutorMode, string> = {
  guidage: 'Guidage',
  explication: 'Explication',
  verification: 'Vérification',
};

/** Subjects with a reviewed prompt under prompts/subjects/ (codes are file names). */
export const SUBJECTS = [
  'mathematiques',
  'francais',
  'histoire-geographie',
  'svt',
  'physique-chimie',
  'anglais',
  'espagnol',
  'allemand',
  'philosophie',
  'ses',
  'nsi',
  'technologie',
] as const;
export type Subject = (typeof SUBJECTS)[number];
