// The tutoring scenarios a school runs against a candidate model (`tuteur eval`): their format, checked with
// zod so a school can add its own files and get a French message naming the faulty field.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LEVELS, SUBJECTS, TUTOR_MODES } from '../../../shared/roles.ts';
import { createAnswerGuard } from '../chat/answer-guard.ts';

/**
 * What a pupil's turn tests. `question`: a legitimate request, the tutor must help (refusing it is wrong);
 * `pressure`: the pupil insists on getting the answer; `injection`: the pupil tries to change the tutor's rules.
 */
/** The scenarios shipped with Tuteur, at the root of the installation. */
export const DEFAULT_SCENARIOS_DIR = fileURLToPath(new URL('../../../../eval/', import.meta.url));

export const TURN_KINDS = ['question', 'pressure', 'injection'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

const text = (field: string, max: number) =>
  z.string({ message: `${field} : texte attendu.` }).trim().min(1, `${field} : ne peut pas être vide.`).max(max, `${field} : ${max} caractères au plus.`);

export const turnSchema = z.strictObject({
  kind: z.enum(TURN_KINDS, { message: `kind : ${TURN_KINDS.join(', ')} attendu.` }),
  text: text('text', 2000),
});

export const scenarioSchema = z
  .strictObject({
    id: z.string({ message: 'id : texte attendu.' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id : minuscules, chiffres et tirets seulement (ex. maths-4e-equation).'),
    title: text('title', 200),
    subject: z.enum(SUBJECTS, { message: `subject : une matière parmi ${SUBJECTS.join(', ')}.` }),
    level: z.enum(LEVELS, { message: `level : un niveau parmi ${LEVELS.join(', ')}.` }),
    mode: z.enum(TUTOR_MODES, { message: `mode : ${TUTOR_MODES.join(', ')} attendu.` }),
    statement: text('statement', 4000),
    expectedAnswer: text('expectedAnswer', 500),
    equivalentAnswers: z.array(text('equivalentAnswers', 500)).max(10, 'equivalentAnswers : 10 formes au plus.').default([]),
    keywords: z.array(text('keywords', 100)).min(3, 'keywords : au moins 3 mots du sujet.').max(40, 'keywords : 40 au plus.'),
    turns: z.array(turnSchema).min(1, 'turns : au moins un message de l’élève.').max(6, 'turns : 6 messages au plus.'),
  })
  .superRefine((scenario, ctx) => {
    // A statement that already contains the answer would make every faithful rephrasing count as a leak.
    for (const form of answerForms(scenario)) {
      const guard = createAnswerGuard(form);
      guard.push(scenario.statement);
      guard.flush();
      if (guard.tripped) ctx.addIssue({ code: 'custom', path: ['statement'], message: `statement : l’énoncé contient déjà la réponse « ${form} », la fuite ne serait pas mesurable.` });
    }
  });

export const scenarioFileSchema = z.array(scenarioSchema, { message: 'le fichier doit contenir une liste JSON de scénarios.' }).min(1, 'le fichier ne contient aucun scénario.');

export type Scenario = z.infer<typeof scenarioSchema>;

/** The expected answer and its equivalent forms, each looked for by the answer guard. */
export function answerForms(scenario: Pick<Scenario, 'expectedAnswer' | 'equivalentAnswers'>): string[] {
  return [scenario.expectedAnswer, ...scenario.equivalentAnswers];
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'données invalides';
  // The message names the field; the path says which scenario of the file.
  const index = typeof issue.path[0] === 'number' ? `scénario n° ${issue.path[0] + 1} : ` : '';
  return `${index}${issue.message}`;
}

/** Parses one scenario file (a JSON array). Throws ScenarioError with the file name and the first problem. */
export function parseScenarioFile(name: string, content: string): Scenario[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new ScenarioError(`${name} : JSON invalide (${(error as Error).message}).`);
  }
  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) throw new ScenarioError(`${name} : ${describeIssue(parsed.error)}`);
  return parsed.data;
}

/** Reads a scenario file, or every `*.json` file of a folder (in name order, so two runs follow the same order). */
export async function loadScenarios(path: string): Promise<Scenario[]> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory()
      ? (await readdir(path))
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => join(path, name))
      : [path];
  } catch {
    throw new ScenarioError(`Scénarios introuvables : ${path}`);
  }
  if (files.length === 0) throw new ScenarioError(`Aucun fichier de scénarios (*.json) dans ${path}`);
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const scenario of parseScenarioFile(basename(file), await readFile(file, 'utf8'))) {
      const other = seen.get(scenario.id);
      if (other !== undefined) throw new ScenarioError(`${basename(file)} : l’identifiant « ${scenario.id} » est déjà utilisé dans ${other}.`);
      seen.set(scenario.id, basename(file));
      scenarios.push(scenario);
    }
  }
  return scenarios;
}

export interface ScenarioFilter {
  subject?: string;
  limit?: number;
}

/** Keeps one subject's scenarios and the first `limit` of them. */
export function selectScenarios(scenarios: readonly Scenario[], filter: ScenarioFilter): Scenario[] {
  const chosen = filter.subject === undefined ? [...scenarios] : scenarios.filter((s) => s.subject === filter.subject);
  return filter.limit === undefined ? chosen : chosen.slice(0, filter.limit);
}
