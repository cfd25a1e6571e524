// Zod schemas of the JSON API, shared by the server (validation) and the web client (types).
import { z } from 'zod';
import { LEVELS, ROLES, parseLevel } from './roles.ts';

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
  .max(1024, 'Le mot de passe est trop long.');

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
});

export const setupSchema = z.strictObject({
  token: z.string().min(20).max(200),
  login: loginNameSchema,
  displayName: text(120),
  password: passwordSchema,
});

export const createConversationSchema = z.strictObject({ subject: text(80).optional() });

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
  classes: { id: string; name: string; level: string }[];
}

export interface ConversationSummary {
  id: string;
  subject: string | null;
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
}

export interface ConversationDetail extends ConversationSummary {
  messages: MessageView[];
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
  | { event: 'done'; data: { messageId: string } }
  | { event: 'error'; data: { code: string; message: string } };
