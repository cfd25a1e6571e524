// `tuteur model pull` and `tuteur model check`: bringing a GGUF file onto the server on an admin's explicit
// order, and describing and measuring one before it is configured. `tuteur model add/list/remove`: the model
// catalogue from the command line, for an installation without an académie admin (a single school).
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { z } from 'zod';
import { HttpError } from '../server/http/errors.ts';
import { GgufFormatError } from '../server/modules/llm/gguf-reader.ts';
import { ModelLoadError } from '../server/modules/llm/model-file.ts';
import { registerModelSchema, type ModelView } from '../shared/models.ts';
import type { Config } from '../server/config.ts';
import type { CliContext } from './context.ts';
import { checkModel, ModelCheckError, type ModelReport } from './model-check.ts';
import { printTable } from './output.ts';
import { DEFAULT_PULL_TUNING, formatBytes, pullModel, PullError, type PullProgress, type PullTuning } from './model-pull.ts';

export interface ModelCommandsIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

/** Where the progress bar goes: the process's stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ModelCommandsOptions {
  stderr?: ProgressStream;
  pullTuning?: PullTuning;
  /** The installation's services (database opened and closed around the work): add, list and remove need them. */
  withContext?: <T>(work: (ctx: CliContext) => Promise<T>) => Promise<T>;
  getConfig?: () => Pick<Config, 'modelsDir'>;
}

const pullSchema = z.strictObject({
  url: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'adresse invalide : une URL http:// ou https:// est attendue.'),
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'la somme SHA-256 doit faire 64 caractères hexadécimaux (celle publiée par la source du modèle).'),
  output: z.string().min(1, 'le dossier ne peut pas être vide.').optional(),
});

const checkSchema = z.strictObject({
  file: z.string().min(1),
  json: z.boolean().optional(),
  speed: z.boolean(),
  seconds: z.coerce.number({ message: '--seconds doit être un nombre.' }).positive('--seconds doit être positif.').max(60, '--seconds : 60 au plus.'),
});

const addSchema = z.strictObject({
  name: z.string().optional(),
  licence: z.string().optional(),
  origin: z.string().optional(),
  languages: z.string().optional(),
});

/**
 * The file as the catalogue takes it: relative to the models folder. A path given from the current folder (or
 * absolute) must lead inside it; any other relative path is read from the models folder itself.
 */
export function pathInModelsDir(file: string, cwd: string, modelsDir: string): string {
  const fromCwd = resolve(cwd, file);
  if (!isAbsolute(file) && !existsSync(fromCwd)) return file;
  const rel = relative(resolve(modelsDir), fromCwd);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new HttpError(400, 'model_path_outside', `Le fichier doit se trouver dans le dossier des modèles (${modelsDir}) : copiez-l’y d’abord, ou téléchargez-le avec tuteur model pull --output ${modelsDir}.`);
  }
  return rel;
}

const describeModel = (m: ModelView) =>
  [m.id, m.name, m.locator || '(modèle proposé par le serveur)', m.licence ?? '—', m.languages.join(',') || '—', [m.isDefault ? 'configuré' : null, m.usable ? null : 'inutilisable ici'].filter(Boolean).join(', ') || '—'];

export function registerModelCommands(program: Command, io: ModelCommandsIo, options: ModelCommandsOptions = {}): void {
  const stderr = options.stderr ?? process.stderr;
  const model = program.command('model').description('Modèles de langage');
  const catalogueAccess = () => {
    if (!options.withContext || !options.getConfig) throw new Error('model catalogue commands registered without a context');
    return { withContext: options.withContext, config: options.getConfig() };
  };
  const withContext = <T>(work: (ctx: CliContext) => Promise<T>): Promise<T> => catalogueAccess().withContext(work);

  model
    .command('add')
    .description('Inscrit au catalogue un fichier GGUF déjà présent dans le dossier des modèles (nom, licence, langues lus dans son en-tête)')
    .argument('<fichier>', 'fichier .gguf, dans le dossier des modèles (TUTEUR_MODELS_DIR)')
    .option('--name <nom>', 'nom affiché (défaut : celui de l’en-tête du fichier)')
    .option('--licence <licence>', 'licence (défaut : celle de l’en-tête)')
    .option('--origin <origine>', 'éditeur ou adresse d’origine (défaut : ceux de l’en-tête)')
    .option('--languages <codes>', 'langues, séparées par des virgules (ex. fr,en)')
    .action((file: string, opts: Record<string, unknown>) => {
      const flags = addSchema.parse(opts);
      const { modelsDir } = catalogueAccess().config;
      const input = registerModelSchema.parse({
        kind: 'gguf',
        file: pathInModelsDir(file, io.cwd, modelsDir),
        ...(flags.name === undefined ? {} : { name: flags.name }),
        ...(flags.licence === undefined ? {} : { licence: flags.licence }),
        ...(flags.origin === undefined ? {} : { origin: flags.origin }),
        ...(flags.languages === undefined ? {} : { languages: flags.languages.split(',').map((code) => code.trim()).filter(Boolean) }),
      });
      return withContext(async (ctx) => {
        const added = await ctx.services.models.register('cli', input);
        io.out(`Modèle ajouté au catalogue : ${added.name} (${added.locator})`);
        io.out(`Identifiant : ${added.id}`);
        if (added.licence === null) io.out('Licence non indiquée dans le fichier : précisez-la (--licence) pour le registre des traitements.');
        if (added.unusableReason !== null) io.out(added.unusableReason);
      });
    });

  model
    .command('list')
    .description('Liste les modèles du catalogue')
    .option('--json', 'sortie JSON')
    .action((opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const catalogue = await ctx.services.models.catalogue('cli');
        if (opts.json) io.out(JSON.stringify(catalogue.models));
        else printTable(io.out, ['Identifiant', 'Nom', 'Fichier ou modèle', 'Licence', 'Langues', 'État'], catalogue.models.map(describeModel), 'Aucun modèle dans le catalogue.');
      }),
    );

  model
    .command('remove')
    .description('Retire un modèle du catalogue (le fichier reste sur le disque) ; refusé tant qu’un établissement ou une classe l’utilise')
    .argument('<identifiant>', 'identifiant du modèle (voir tuteur model list)')
    .action((id: string) => {
      const modelId = z.string().uuid('identifiant de modèle invalide (voir tuteur model list).').parse(id);
      return withContext(async (ctx) => {
        await ctx.services.models.remove('cli', modelId);
        io.out(`Modèle retiré du catalogue : ${modelId}`);
      });
    });

  model
    .command('pull')
    .description('Télécharge un modèle GGUF (action explicite de l’administrateur), avec reprise et vérification SHA-256')
    .argument('<url>', 'adresse https:// (ou http:// d’un miroir local) du fichier GGUF')
    .requiredOption('--sha256 <somme>', 'somme SHA-256 attendue du fichier (64 caractères hexadécimaux)')
    .option('--output <dossier>', 'dossier de destination (défaut : dossier courant)')
    .action(async (url: string, opts: { sha256: string; output?: string }) => {
      const input = pullSchema.parse({ url, sha256: opts.sha256, output: opts.output });
      const outputDir = input.output === undefined ? io.cwd : isAbsolute(input.output) ? input.output : resolve(io.cwd, input.output);
      try {
        const result = await pullModel(
          { url: new URL(input.url), sha256: input.sha256, outputDir },
          progressReporter(io, stderr),
          options.pullTuning ?? DEFAULT_PULL_TUNING,
        );
        io.out(
          result.status === 'already-present'
            ? `Le modèle est déjà présent et vérifié : ${result.path}`
            : `Modèle téléchargé et vérifié (SHA-256) : ${result.path} (${formatBytes(result.bytes)})`,
        );
        io.out(`Pour l’utiliser : TUTEUR_MODEL_PATH=${result.path}`);
      } catch (error) {
        if (error instanceof PullError) throw new HttpError(502, 'model_pull_failed', error.message);
        throw error;
      }
    });

  model
    .command('check')
    .description('Décrit un modèle GGUF et mesure sa vitesse de génération sur cette machine')
    .argument('<fichier>', 'fichier GGUF')
    .option('--json', 'sortie JSON')
    .option('--no-speed', 'sans la mesure de vitesse (lecture du fichier et chargement seulement)')
    .option('--seconds <s>', 'durée de génération mesurée pour chaque nombre de threads', '3')
    .action(async (file: string, opts: { json?: boolean; speed: boolean; seconds: string }) => {
      const input = checkSchema.parse({ file, ...opts });
      const path = isAbsolute(input.file) ? input.file : resolve(io.cwd, input.file);
      let report: ModelReport;
      try {
        report = await checkModel(path, { measure: input.speed, secondsPerRun: input.seconds });
      } catch (error) {
        if (error instanceof ModelLoadError || error instanceof GgufFormatError || error instanceof ModelCheckError) {
          throw new HttpError(400, 'invalid_model', error.message);
        }
        throw error;
      }
      if (input.json) io.out(JSON.stringify(report));
      else printReport(io, report);
    });
}

const numberFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function formatParameters(count: number): string {
  if (count >= 1e9) return `${numberFr.format(count / 1e9)} milliards`;
  if (count >= 1e6) return `${numberFr.format(count / 1e6)} millions`;
  return numberFr.format(count);
}

function printReport(io: ModelCommandsIo, report: ModelReport): void {
  io.out(`Fichier : ${report.file} (${formatBytes(report.fileBytes)})`);
  if (report.name !== null) io.out(`Nom : ${report.name}`);
  io.out(`Architecture : ${report.architecture}`);
  io.out(`Paramètres : ${formatParameters(report.parameterCount)}`);
  io.out(`Contexte d’entraînement : ${report.contextLength === null ? 'non indiqué' : `${numberFr.format(report.contextLength)} jetons`}`);
  io.out(
    `Modèle de conversation (chat template) : ${report.chatTemplate.present ? 'présent' : 'absent'}` +
      (report.chatTemplate.format === null ? '' : ` — format ${report.chatTemplate.present ? 'reconnu' : 'de repli'} : ${report.chatTemplate.format}`),
  );
  io.out(`Quantification : ${report.fileType}${report.fileTypeDeclared ? '' : ' (déduite des tenseurs)'}`);
  if (report.speed.length === 0) return;
  io.out(`Vitesse de génération sur cette machine (${report.cores} cœurs), pour une conversation et pour ${report.batchConversations} à la fois :`);
  for (const sample of report.speed) {
    const batch = sample.batchTokensPerSecond === undefined ? '' : ` ; ${report.batchConversations} conversations : ${numberFr.format(sample.batchTokensPerSecond)} jetons/s au total`;
    io.out(
      `  ${`${sample.threads} thread${sample.threads > 1 ? 's' : ''}`.padEnd(11)}: ${numberFr.format(sample.tokensPerSecond)} jetons/s (premier jeton en ${numberFr.format(sample.firstTokenMs)} ms)${batch}`,
    );
  }
  if (report.recommendedThreads !== null) {
    io.out(
      `Recommandation : TUTEUR_LLM_THREADS=${report.recommendedThreads} (le plus rapide pour un élève comme pour une classe, ou presque aussi rapide avec moins de threads).`,
    );
  }
}

/** A progress bar redrawn in place on a terminal; otherwise one line every 10 % (logs, scripts). */
function progressReporter(io: ModelCommandsIo, stderr: ProgressStream): PullProgress {
  const tty = stderr.isTTY === true;
  let total: number | null = null;
  let startedAt = 0;
  let startBytes = 0;
  let lastDraw = 0;
  let lastStep = -1;
  let lastBytes = 0;
  let drawn = false;

  const draw = (bytes: number, force: boolean) => {
    const now = performance.now();
    const rate = now > startedAt ? ((bytes - startBytes) / (now - startedAt)) * 1000 : 0;
    if (tty) {
      if (!force && now - lastDraw < 200) return;
      lastDraw = now;
      const sizes = total === null ? formatBytes(bytes) : `${formatBytes(bytes)} / ${formatBytes(total)}`;
      const bar = total === null || total === 0 ? '' : `${renderBar(bytes / total)} ${String(Math.floor((bytes / total) * 100)).padStart(3)} % `;
      stderr.write(`\r${bar}${sizes}  ${formatBytes(rate)}/s\u001b[K`);
      drawn = true;
      return;
    }
    // Without a terminal: one line per 10 % (per 100 Mo when the size is unknown).
    const step = total === null || total === 0 ? Math.floor(bytes / 100e6) : Math.floor((bytes / total) * 10);
    if (step === lastStep && !force) return;
    lastStep = step;
    if (total === null || total === 0) io.err(`Téléchargé : ${formatBytes(bytes)}`);
    else io.err(`Téléchargé : ${Math.floor((bytes / total) * 100)} % (${formatBytes(bytes)} / ${formatBytes(total)})`);
  };
  const endLine = () => {
    if (tty && drawn) stderr.write('\n');
    drawn = false;
  };

  return {
    start(info) {
      total = info.totalBytes;
      startedAt = performance.now();
      startBytes = info.resumeFrom;
      io.out(`Source : ${info.host}${info.finalHost !== info.host ? ` (redirigé vers ${info.finalHost})` : ''}`);
      io.out(`Fichier : ${info.fileName} — taille : ${total === null ? 'inconnue' : formatBytes(total)}`);
      if (info.resumeFrom > 0) io.out(`Reprise du téléchargement à ${formatBytes(info.resumeFrom)}.`);
      if (!info.encrypted) io.out('Connexion non chiffrée (http) : seule la vérification SHA-256 garantit le fichier reçu.');
    },
    update(bytes) {
      lastBytes = bytes;
      draw(bytes, false);
    },
    retry(message) {
      endLine();
      io.err(message);
    },
    finish() {
      if (tty) draw(lastBytes, true);
      endLine();
      io.out('Vérification de la somme SHA-256…');
    },
  };
}

function renderBar(fraction: number): string {
  const width = 30;
  const filled = Math.min(width, Math.max(0, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
