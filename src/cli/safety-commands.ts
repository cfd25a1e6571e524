// `tuteur moderation check` and `tuteur pii redact`: audit commands over JSON Lines files, one result per line.
// A line that cannot be read is reported in French on stderr with its number and skipped; once the whole file
// is done, the command throws InvalidInputLinesError (exitCode 1), which the caller turns into the exit code.
import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../server/config.ts';
import { createLlmProvider } from '../server/modules/llm/index.ts';
import type { LlmProvider } from '../server/modules/llm/llm.types.ts';
import { classifyPupilMessage } from '../server/modules/moderation/pupil-message.ts';
import type { SchoolActions } from '../server/modules/moderation/actions.ts';
import { decideModeration } from '../server/modules/moderation/decision.ts';
import { askedCategories, askSecondOpinion } from '../server/modules/moderation/second-opinion.ts';
import { redact } from '../server/modules/pii/redact.ts';
import type { RosterEntry } from '../server/modules/pii/roster.ts';

export interface SafetyIo {
  out(line: string): void;
  err(line: string): void;
}

/** Some input lines were invalid: the valid ones were processed, the process should end with exitCode. */
export class InvalidInputLinesError extends Error {
  readonly exitCode = 1;
  constructor(invalid: number, total: number, file: string) {
    super(`${invalid} ligne${invalid > 1 ? 's' : ''} invalide${invalid > 1 ? 's' : ''} sur ${total} dans ${file}.`);
    this.name = 'InvalidInputLinesError';
  }
}

const inputLineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });
type InputLine = z.infer<typeof inputLineSchema>;

const rosterSchema = z.array(z.object({ firstName: z.string().min(1), lastName: z.string().min(1) }));

export interface SafetyCommandsOptions {
  /** The configured model (embedded or OpenAI-compatible), loaded; null when none is configured. */
  openLlm?: () => Promise<LlmProvider | null>;
  /** How long one line may wait for the model's verdict. */
  llmTimeoutMs?: number;
  /** The moderation actions a school chose (`moderation-actions`), by UAI: `--school` audits with them. */
  schoolActions?: (uai: string) => Promise<SchoolActions>;
}

/** An audit is not a pupil waiting: a slow CPU model gets far longer than on the message path. */
const AUDIT_LLM_TIMEOUT_MS = 60_000;

export function registerSafetyCommands(program: Command, io: SafetyIo, options: SafetyCommandsOptions = {}): void {
  const moderation = program.command('moderation').description('Modération des messages');
  moderation
    .command('check')
    .description('Classe chaque message d’un fichier JSON Lines {"id","text"} et donne l’action (par défaut, ou celle de l’établissement avec --school)')
    .requiredOption('--jsonl <fichier>', 'fichier JSON Lines à analyser')
    .option('--school <uai>', 'donne l’action que cet établissement a choisie par catégorie (réglage moderation-actions) au lieu de l’action par défaut')
    .option(
      '--llm',
      'ajoute à chaque ligne l’avis du modèle configuré ("llm": {"categories","confidence"}, ou {"error"}) et ce que la discussion en ferait ("final": {"categories","action"})',
    )
    .action(async (opts: { jsonl: string; llm?: boolean; school?: string }) => {
      // The school is read first: a wrong UAI stops the audit before a model is loaded.
      const actions = opts.school === undefined ? {} : await schoolActionsOf(opts.school);
      const llm = opts.llm ? ((await options.openLlm?.()) ?? null) : null;
      if (opts.llm && !llm) {
        io.err('L’avis du modèle (--llm) nécessite un modèle configuré : seul le filtre lexical est utilisé pour cette analyse.');
      }
      try {
        await eachLine(opts.jsonl, io, async (line) => {
          // What the chat decides without a second opinion: both fast layers, as for a pupil's message (with the
          // school's actions under --school, else the defaults).
          const result = classifyPupilMessage(line.text);
          const fast = decideModeration(result, undefined, actions);
          const lexical = { id: line.id, categories: fast.categories, action: fast.action };
          if (!llm) return io.out(JSON.stringify(lexical));
          // The model judges every line (this audits the model too); the chat would use its verdict on ambiguous ones only.
          const opinion = await askSecondOpinion(llm, line.text, { hints: askedCategories(result), timeoutMs: options.llmTimeoutMs ?? AUDIT_LLM_TIMEOUT_MS });
          const final = decideModeration(result, result.ambiguous ? opinion.verdict : undefined, actions);
          io.out(JSON.stringify({ ...lexical, llm: opinion.verdict ?? { error: opinion.reason }, final: { categories: final.categories, action: final.action } }));
        });
      } finally {
        await llm?.close();
      }
    });

  async function schoolActionsOf(uai: string): Promise<SchoolActions> {
    if (!options.schoolActions) throw new Error('--school nécessite la base de données de Tuteur.');
    return options.schoolActions(uai);
  }

  const pii = program.command('pii').description('Données personnelles');
  pii
    .command('redact')
    .description('Masque les données personnelles de chaque message d’un fichier JSON Lines {"id","text"}')
    .requiredOption('--jsonl <fichier>', 'fichier JSON Lines à traiter')
    .option('--roster <fichier>', 'liste JSON des élèves [{"firstName","lastName"}] dont les noms sont masqués')
    .action(async (opts: { jsonl: string; roster?: string }) => {
      const roster = opts.roster ? await readRoster(opts.roster) : [];
      await eachLine(opts.jsonl, io, (line) => {
        const { redacted, spans } = redact(line.text, { roster });
        io.out(JSON.stringify({ id: line.id, redacted, spans }));
      });
    });
}

/** Streams the file (audit exports can be large) and hands over each valid line, in order. */
async function eachLine(file: string, io: SafetyIo, handle: (line: InputLine) => void | Promise<void>): Promise<void> {
  await assertReadable(file);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  let total = 0;
  let invalid = 0;
  for await (const raw of lines) {
    number++;
    if (raw.trim() === '') continue;
    total++;
    const problem = parseLine(raw);
    if (typeof problem === 'string') {
      invalid++;
      io.err(`Ligne ${number} ignorée : ${problem}`);
      continue;
    }
    await handle(problem);
  }
  if (invalid > 0) throw new InvalidInputLinesError(invalid, total, file);
}

/** The line's content, or why it cannot be used (in French). */
function parseLine(raw: string): InputLine | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'ce n’est pas du JSON valide.';
  }
  const parsed = inputLineSchema.safeParse(value);
  return parsed.success ? parsed.data : 'il faut un objet {"id", "text"} dont "text" est une chaîne.';
}

async function assertReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new Error(`Fichier introuvable ou illisible : ${file}`);
  }
}

async function readRoster(file: string): Promise<RosterEntry[]> {
  await assertReadable(file);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    value = undefined;
  }
  const parsed = rosterSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Liste d’élèves invalide dans ${file} : il faut [{"firstName", "lastName"}, …].`);
  return parsed.data;
}

/**
 * The model the server would use, from the configuration, once loaded; null when none is configured or it
 * failed to load (the reason goes to stderr). Models chosen in the admin catalogue are not looked up here.
 */
export async function openConfiguredLlm(config: Config, io: SafetyIo): Promise<LlmProvider | null> {
  if (config.llmBackend === 'llama-cpp' && config.modelPath === undefined) return null;
  const silent = { info() {}, warn() {}, error() {} };
  const llm = createLlmProvider(
    {
      modelPath: config.modelPath,
      threads: config.llm.threads,
      parallel: 1,
      contextSize: config.llm.contextSize,
      backend: config.llmBackend,
      openAi: config.openAiBackends,
      egressAllow: config.egressAllow,
    },
    silent,
  );
  await (llm as LlmProvider & { ready?: () => Promise<void> }).ready?.();
  const status = llm.status();
  if (status.state === 'ready') return llm;
  if (status.state === 'error') io.err(`Le modèle n’a pas pu être chargé : ${status.message}`);
  await llm.close();
  return null;
}
