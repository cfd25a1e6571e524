// `tuteur eval --model …`: runs the French tutoring scenarios of eval/ against a candidate model on this
// machine and reports how often the tutor gave the answer away, refused wrongly or went off topic.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { z } from 'zod';
import { SUBJECTS } from '../shared/roles.ts';
import { loadConfig } from '../server/config.ts';
import { HttpError } from '../server/http/errors.ts';
import { loadPromptLibrary } from '../server/modules/chat/prompt.ts';
import { runEval, type EvalResults } from '../server/modules/eval/harness.ts';
import { EvalModelError, openEvalModel, resolveModelTarget, type OpenedModel } from '../server/modules/eval/model.ts';
import { formatMarkdown, summaryOf, type EvalReport } from '../server/modules/eval/report.ts';
import { DEFAULT_SCENARIOS_DIR, loadScenarios, ScenarioError, selectScenarios } from '../server/modules/eval/scenario.ts';
import { LlmBackendError } from '../server/modules/llm/index.ts';
import { LlmUnavailableError } from '../server/modules/llm/llm.types.ts';
import type { CliIo } from './main.ts';
import { printTable } from './output.ts';

/** Long enough for a tutor's answer (a hint and a question), short enough for 30 scenarios on a CPU. */
export const DEFAULT_EVAL_MAX_TOKENS = 256;

const whole = (flag: string, max: number) =>
  z.coerce
    .number({ message: `${flag} doit être un nombre.` })
    .int(`${flag} doit être un nombre entier.`)
    .min(1, `${flag} doit valoir au moins 1.`)
    .max(max, `${flag} : ${max} au plus.`);

const evalSchema = z.strictObject({
  model: z.string().trim().min(1, '--model ne peut pas être vide.'),
  scenarios: z.string().min(1, '--scenarios ne peut pas être vide.').optional(),
  subject: z.enum(SUBJECTS, { message: `--subject : une matière parmi ${SUBJECTS.join(', ')}.` }).optional(),
  limit: whole('--limit', 10_000).optional(),
  maxTokens: whole('--max-tokens', 8192).default(DEFAULT_EVAL_MAX_TOKENS),
  threads: whole('--threads', 256).default(availableParallelism()),
  json: z.boolean().optional(),
  out: z.string().min(1, '--out ne peut pas être vide.').optional(),
});

interface EvalOptions {
  model: string;
  scenarios?: string;
  subject?: string;
  limit?: string;
  maxTokens?: string;
  threads?: string;
  json?: boolean;
  out?: string;
}

export function registerEvalCommands(program: Command, io: CliIo): void {
  program
    .command('eval')
    .description('Évalue un modèle de langage sur les scénarios de tutorat (réponse donnée, refus injustifiés, hors sujet, vitesse)')
    .requiredOption('--model <modèle>', 'fichier .gguf, adresse http(s):// d’un serveur compatible OpenAI, ou nom d’un modèle servi par TUTEUR_LLM_BACKENDS')
    .option('--scenarios <chemin>', 'dossier ou fichier de scénarios JSON (défaut : le dossier eval/ fourni avec Tuteur)')
    .option('--subject <matière>', 'seulement les scénarios de cette matière (ex. mathematiques)')
    .option('--limit <n>', 'seulement les n premiers scénarios')
    .option('--max-tokens <n>', `jetons au plus par réponse (défaut ${DEFAULT_EVAL_MAX_TOKENS})`)
    .option('--threads <n>', 'threads de calcul du modèle embarqué (défaut : tous les cœurs)')
    .option('--json', 'sortie JSON')
    .option('--out <fichier>', 'écrit aussi un rapport Markdown détaillé (avec chaque réponse)')
    .action((opts: EvalOptions) => runEvalCommand(opts, io));
}

async function runEvalCommand(opts: EvalOptions, io: CliIo): Promise<void> {
  const input = evalSchema.parse(opts);
  const fromCwd = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
  const started = performance.now();
  const source = input.scenarios === undefined ? DEFAULT_SCENARIOS_DIR : fromCwd(input.scenarios);
  const scenarios = selectScenarios(await loadScenarios(source).catch(asInputError), { subject: input.subject, limit: input.limit });
  if (scenarios.length === 0) throw new HttpError(400, 'invalid_input', `Aucun scénario${input.subject ? ` pour la matière ${input.subject}` : ''} dans ${source}.`);
  const library = loadPromptLibrary();

  const opened = await openModel(input.model, input.threads, io).catch(asInputError);
  try {
    io.err(`Modèle prêt : ${opened.info.name} (${opened.info.backend}). ${scenarios.length} scénario${scenarios.length > 1 ? 's' : ''} à jouer.`);
    let results: EvalResults;
    try {
      results = await runEval(opened.provider, scenarios, {
        library,
        maxTokens: input.maxTokens,
        onProgress: ({ index, total, scenario }) => io.err(`[${index + 1}/${total}] ${scenario.id} (${scenario.subject}, ${scenario.level}, ${scenario.mode})`),
      });
    } catch (error) {
      if (error instanceof LlmUnavailableError) throw new HttpError(503, 'model_unavailable', error.message);
      // The provider's own message speaks to a pupil; the admin needs to know the run stopped.
      if (error instanceof LlmBackendError) throw new HttpError(503, 'model_unavailable', `Le serveur du modèle a cessé de répondre pendant l’évaluation (${error.code}) : relancez tuteur eval quand il est de nouveau disponible.`);
      throw error;
    }
    const report: EvalReport = {
      date: new Date().toISOString(),
      model: opened.info,
      settings: { model: input.model, scenarios: source, subject: input.subject, limit: input.limit, maxTokens: input.maxTokens, threads: input.threads },
      loadMs: opened.loadMs,
      totalMs: Math.round(performance.now() - started),
      ...results,
    };
    if (input.json) io.out(JSON.stringify(report));
    else printSummary(io, report);
    if (input.out !== undefined) {
      const path = fromCwd(input.out);
      await writeFile(path, formatMarkdown(report));
      // stdout stays pure JSON with --json.
      (input.json ? io.err : io.out)(`Rapport Markdown écrit : ${path}`);
    }
  } finally {
    await opened.provider.close();
  }
}

async function openModel(model: string, threads: number, io: CliIo): Promise<OpenedModel> {
  // The configuration is read only when the model is not a GGUF file (servers, key, allowed hosts).
  return openEvalModel(resolveModelTarget(model, io.cwd, () => loadConfig(io.env, io.cwd)), { threads });
}

function printSummary(io: CliIo, report: EvalReport): void {
  const summary = summaryOf(report);
  for (const line of summary.intro) io.out(line);
  for (const table of summary.tables) {
    io.out('');
    io.out(table.title);
    printTable(io.out, table.headers, table.rows, 'Aucun résultat.');
  }
  io.out('');
  for (const line of summary.outro) io.out(line);
}

/** Problems with the scenarios or the model are the admin's input: "Erreur : …" and exit code 1. */
function asInputError(error: unknown): never {
  if (error instanceof ScenarioError || error instanceof EvalModelError) throw new HttpError(400, 'invalid_input', error.message);
  throw error;
}
