// Zod schemas of the JSON API, shared by the server (validation) and the web client (types).
import { z } from 'zod';
import { LEVELS, ROLES, SUBJECTS, TUTOR_MODES, parseLevel } from './roles.ts';
import { passwordProblem } from './password-policy.ts';

const text = (max: number) => z.string().trim().min(1, 'Ce champ est obligatoire.').max(max, `${max} caractères au maximum.`);

export const loginSchema = z.strictObject({
  login: text(100),
  password: z.string().min(1, 'Le mot de passe est obligatoire.').max(1024),
});

export const uaiSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{7}[A-Z]$/, 'Le code UAI doit comporter 7 chiffres suivis d’une lettre (ex. 0691234A).');

export const levelSchema = z
  .string()
  .transform((value, ctx) => {
    const level = parseLevel(value);
    if (!level) {
      ctx.addIssue({ code: 'custom', message: `Niveau inconnu : utilisez ${LEVELS.join(', ')}.` });
      return z.NEVER;
    }
    return level;
  });

export const roleSchema = z.enum(ROLES, { message: `Rôle inconnu : utilisez ${ROLES.join(', ')}.` });

export const loginNameSchema = z
  .string()
  .trim()
  .min(2, 'L’identifiant doit comporter au moins 2 caractères.')
  .max(64, 'L’identifiant comporte 64 caractères au maximum.')
  .regex(/^[A-Za-z0-9._@-]+$/, 'L’identifiant ne peut contenir que des lettres sans accent, des chiffres et . _ @ -');

export const passwordSchema = z
  .string()
  .min(12, 'Le mot de passe doit comporter au moins 12 caractères.')
  .max(1024, 'Le mot de passe est trop long.')
  .superRefine((value, ctx) => {
    // Too short is already said above; the rest of the CNIL policy (password-policy.ts) here.
    const problem = value.length >= 12 ? passwordProblem(value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Refuses a password that holds the account's login or name (the object's other fields). */
function passwordWithoutIdentity(input: { login: unknown; displayName: unknown; password: unknown }, ctx: z.RefinementCtx): void {
  const { login, displayName, password } = input;
  // Fields already refused have their own message; the password's own weaknesses too.
  if (typeof login !== 'string' || typeof displayName !== 'string' || typeof password !== 'string' || passwordProblem(password) !== null) return;
  const problem = passwordProblem(password, { login, displayName });
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
}

export const createSchoolSchema = z.strictObject({ uai: uaiSchema, name: text(200) });

export const createClassSchema = z.strictObject({
  schoolId: z.string().uuid('Établissement invalide.'),
  name: text(60),
  level: levelSchema,
});

export const createUserSchema = z.strictObject({
  login: loginNameSchema,
  displayName: text(120),
  role: roleSchema,
  schoolId: z.string().uuid('Établissement invalide.').optional(),
  classIds: z.array(z.string().uuid('Classe invalide.')).max(20).optional(),
  password: passwordSchema,
}).superRefine(passwordWithoutIdentity);

export const setupSchema = z.strictObject({
  token: z.string().min(20).max(200),
  login: loginNameSchema,
  displayName: text(120),
  password: passwordSchema,
}).superRefine(passwordWithoutIdentity);

export const subjectSchema = z.enum(SUBJECTS, { message: `Matière inconnue : utilisez ${SUBJECTS.join(', ')}.` });
export const modeSchema = z.enum(TUTOR_MODES, { message: `Mode inconnu : utilisez ${TUTOR_MODES.join(', ')}.` });

export const createConversationSchema = z.strictObject({
  subject: subjectSchema.optional(),
  assignmentId: z.string().uuid('Devoir invalide.').optional(),
  mode: modeSchema.optional(),
});

const timestamp = z.number({ message: 'Date invalide.' }).int('Date invalide.').min(0, 'Date invalide.');

const assignmentFields = {
  title: text(200),
  subject: subjectSchema,
  statement: text(20_000),
  expectedAnswer: z.string().trim().max(2000, '2000 caractères au maximum.').optional(),
  modes: z.array(modeSchema).min(1, 'Choisissez au moins un mode.').max(3),
  classIds: z.array(z.string().uuid('Classe invalide.')).min(1, 'Choisissez au moins une classe.').max(30),
  opensAt: timestamp,
  closesAt: timestamp,
};

export const createAssignmentSchema = z
  .strictObject(assignmentFields)
  .refine((a) => a.closesAt > a.opensAt, { message: 'La date de fermeture doit suivre la date d’ouverture.', path: ['closesAt'] });

export const updateAssignmentSchema = z
  .strictObject(assignmentFields)
  .partial()
  .refine((a) => a.closesAt === undefined || a.opensAt === undefined || a.closesAt > a.opensAt, {
    message: 'La date de fermeture doit suivre la date d’ouverture.',
    path: ['closesAt'],
  });

export const tutorSwitchSchema = z.strictObject({ enabled: z.boolean({ message: 'Indiquez true ou false.' }) });

export const createLiveSessionSchema = z.strictObject({
  classId: z.string().uuid('Classe invalide.'),
  durationMinutes: z.number().int().min(5, '5 minutes au moins.').max(240, '4 heures au plus.'),
});

export const setSettingSchema = z.strictObject({ value: z.string().max(2000, '2000 caractères au maximum.') });

export const postMessageSchema = z.strictObject({
  text: text(4000),
});

export const idParamSchema = z.strictObject({ id: z.string().uuid('Identifiant invalide.') });

export type LoginInput = z.infer<typeof loginSchema>;
export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;
export type CreateClassInput = z.infer<typeof createClassSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;

// Response shapes (documented in the README).
export interface MeResponse {
  id: string;
  login: string;
  displayName: string;
  role: (typeof ROLES)[number];
  school: { id: string; uai: string; name: string } | null;
  classes: { id: string; name: string; level: string; tutorEnabled: boolean }[];
  /** Pupils: the model the tutor runs on (model catalogue), null when none is usable. */
  tutorModel?: { name: string; runsOn: string } | null;
}

export interface ConversationSummary {
  id: string;
  subject: string | null;
  assignmentId: string | null;
  mode: (typeof TUTOR_MODES)[number];
  title: string;
  createdAt: number;
  updatedAt: number;
}

export interface MessageView {
  id: string;
  role: 'pupil' | 'tutor';
  text: string;
  status: 'complete' | 'interrupted' | 'error';
  createdAt: number;
  /** Tutor answers drawn on course documents: which document and passage ("Sources : …"). */
  sources?: MessageSource[];
  /** On a pupil's message that was answered with care: the same help shown again (numbers, school contacts). */
  care?: CareView;
}

/** The caring message with help numbers; no category, nothing the pupil was not shown. */
export interface CareView {
  message: string;
  helpLines: { number: string; name: string; description: string }[];
  schoolContacts: string;
}

/** A course passage an answer used: the document's name as the teacher uploaded it, and the passage number. */
export interface MessageSource {
  document: string;
  passage: number;
}

/** A course document attached to an assignment (GET/POST /api/assignments/:id/documents). */
export interface CourseDocumentView {
  id: string;
  assignmentId: string;
  name: string;
  kind: 'pdf' | 'docx' | 'odt' | 'markdown' | 'text';
  sizeBytes: number;
  sha256: string;
  passageCount: number;
  createdAt: number;
}

export interface ConversationDetail extends ConversationSummary {
  messages: MessageView[];
}

export interface AssignmentView {
  id: string;
  title: string;
  subject: (typeof SUBJECTS)[number];
  statement: string;
  modes: (typeof TUTOR_MODES)[number][];
  classIds: string[];
  opensAt: number;
  closesAt: number;
  tutorEnabled: boolean;
  teacherId: string;
  /** Only for the teacher and admins; never sent to pupils. */
  expectedAnswer?: string | null;
}

export interface AssignmentUsage {
  assignmentId: string;
  conversations: number;
  pupils: number;
  pupilMessages: number;
}

export interface TutorStatus {
  quota: { day: { used: number; limit: number }; week: { used: number; limit: number } };
  liveSession: { id: string; endsAt: number } | null;
  freeQuestions: boolean;
  access: { allowed: true } | { allowed: false; code: string; message: string };
}

export interface ApiError {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/** Server-sent events of POST /api/conversations/:id/messages. */
export type ChatStreamEvent =
  | { event: 'queued'; data: { position: number } }
  | { event: 'token'; data: { text: string } }
  | { event: 'done'; data: { messageId: string; sources?: MessageSource[] } }
  | { event: 'error'; data: { code: string; message: string } };

/** POST /api/password-resets/:token: the new password, checked against the policy (password-policy.ts). */
export const passwordResetSchema = z.strictObject({
  password: z.string({ message: 'Le mot de passe est obligatoire.' }).min(1, 'Le mot de passe est obligatoire.').max(1024, 'Le mot de passe est trop long.'),
});

/** POST /api/users/:id/password-reset: the one-time link, shown once to the admin who hands it over. */
export interface PasswordResetLink {
  path: string;
  login: string;
  expiresAt: number;
}

/** GET /api/password-resets/:token: whose password the link resets. */
export interface PasswordResetInfo {
  login: string;
  displayName: string;
  expiresAt: number;
}

/** A teacher's view of a class during a live séance: names and times only, never what pupils wrote. */
export interface LiveView {
  session: { id: string; startsAt: number; endsAt: number } | null;
  pupils: {
    id: string;
    displayName: string;
    /** Signed in and active in the last few minutes. */
    connected: boolean;
    /** Last question to the tutor during the séance. */
    lastMessageAt: number | null;
    /** Waiting for an answer since then (in the queue or being answered); null when not waiting. */
    waitingSince: number | null;
  }[];
  /** Pupils of the class waiting for an answer right now. */
  waiting: number;
}
