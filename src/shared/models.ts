// The model catalogue's API: inputs (zod, French messages) and answers, shared by the server and the admin page.
import { z } from 'zod';

const optionalText = (max: number) =>
  z
    .string({ message: 'Texte attendu.' })
    .trim()
    .max(max, `${max} caractères au maximum.`)
    .nullable()
    .optional();

/** Language codes such as fr, en, de (ISO 639-1, optionally with a region: fr-FR). */
export const languagesSchema = z
  .array(z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z]{2})?$/, 'Code de langue invalide (ex. fr, en, de).'), { message: 'Liste de langues attendue.' })
  .max(40, '40 langues au maximum.');

const descriptive = {
  name: z.string({ message: 'Nom attendu.' }).trim().min(1, 'Le nom est obligatoire.').max(200, '200 caractères au maximum.'),
  licence: optionalText(200),
  origin: optionalText(500),
  languages: languagesSchema.optional(),
  contextSize: z.number({ message: 'Nombre attendu.' }).int('Nombre entier attendu.').min(1, 'Au moins 1.').max(10_000_000, 'Valeur trop grande.').nullable().optional(),
  parameters: z.number({ message: 'Nombre attendu.' }).int('Nombre entier attendu.').min(1, 'Au moins 1.').max(1e13, 'Valeur trop grande.').nullable().optional(),
  quantisation: optionalText(40),
};

/**
 * Registering a model: a GGUF file already in the models folder (path relative to it; the header fills in
 * what the admin leaves out), or a model name served by the OpenAI-compatible servers.
 */
export const registerModelSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('gguf'),
      file: z.string({ message: 'Fichier attendu.' }).min(1, 'Indiquez le fichier.').max(1000, 'Chemin trop long.'),
      ...descriptive,
      name: descriptive.name.optional(),
    }),
    z.strictObject({
      kind: z.literal('openai'),
      modelName: z.string({ message: 'Nom de modèle attendu.' }).trim().min(1, 'Indiquez le nom du modèle sur le serveur.').max(300, '300 caractères au maximum.'),
      ...descriptive,
    }),
  ],
  { message: 'Type de modèle inconnu : gguf ou openai.' },
);

export const updateModelSchema = z.strictObject({ ...descriptive, name: descriptive.name.optional() });

export const allowedModelsSchema = z.strictObject({
  modelIds: z.array(z.string().uuid('Modèle invalide.'), { message: 'Liste de modèles attendue.' }).max(200, '200 modèles au maximum.'),
});

/** null: back to the default (the school's, or the installation's). */
export const chooseModelSchema = z.strictObject({ modelId: z.string().uuid('Modèle invalide.').nullable() });

export type RegisterModelInput = z.infer<typeof registerModelSchema>;
export type UpdateModelInput = z.infer<typeof updateModelSchema>;

export interface ModelView {
  id: string;
  name: string;
  kind: 'gguf' | 'openai';
  /** The file, relative to the models folder when inside it (gguf), or the name sent to the servers (openai). */
  locator: string;
  licence: string | null;
  origin: string | null;
  languages: string[];
  contextSize: number | null;
  parameters: number | null;
  quantisation: string | null;
  architecture: string | null;
  fileBytes: number | null;
  /** Memory needed to load it with the engine's parallel conversations (file + their key/value caches), estimated. */
  estimatedMemoryBytes: number | null;
  /** What the estimate counts: TUTEUR_LLM_PARALLEL conversations of contextTokens each (GGUF files only). */
  memoryEstimate?: { sequences: number; contextTokens: number };
  /** The model the configuration names (the installation's default). */
  isDefault: boolean;
  /** Whether this installation can answer with it now; otherwise why not, in French. */
  usable: boolean;
  unusableReason: string | null;
  /** Where it runs, in words a pupil reads. */
  runsOn: string;
  /** Schools allowed to use it: only shown to the académie. */
  allowedSchoolIds?: string[];
}

export interface ModelCatalogue {
  backend: 'llama-cpp' | 'openai-compatible';
  /** Why only one model can answer at a time, when that is the case. */
  constraint: string | null;
  models: ModelView[];
}

export interface ModelFile {
  /** Relative to the models folder. */
  file: string;
  bytes: number;
  registered: boolean;
}

export interface SchoolModels {
  schoolId: string;
  /** Models the school may use (the default always). */
  allowed: ModelView[];
  /** The school's own default, or null: the installation's. */
  schoolChoice: string | null;
  classes: { id: string; name: string; level: string; modelId: string | null; effectiveModelId: string | null }[];
}

/** The model a pupil talks to, as the AI notice names it. */
export interface TutorModel {
  name: string;
  runsOn: string;
}
