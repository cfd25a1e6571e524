// `tuteur model pull` and `tuteur model check`: bringing a GGUF file onto the server on an admin's explicit
// order, and describing and measuring one before it is configured.
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { z } from 'zod';
import { HttpError } from '../server/http/errors.ts';
import { GgufFormatError } from '../server/modules/llm/gguf-reader.ts';
import { ModelLoadError } from '../server/modules/llm/model-file.ts';
import { checkModel, ModelCheckError, type ModelReport } from './model-check.ts';
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

export function registerModelCommands(program: Command, io: ModelCommandsIo, options: ModelCommandsOptions = {}): void {
  const stderr = options.stderr ?? process.stderr;
  const model = program.command('model').description('Modèles de langage');

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
  io.out(`Vitesse de génération d’une conversation sur cette machine (${report.cores} cœurs) :`);
  for (const sample of report.speed) {
    io.out(
      `  ${`${sample.threads} thread${sample.threads > 1 ? 's' : ''}`.padEnd(11)}: ${numberFr.format(sample.tokensPerSecond)} jetons/s (premier jeton en ${numberFr.format(sample.firstTokenMs)} ms)`,
    );
  }
  if (report.recommendedThreads !== null) {
    io.out(`Recommandation : TUTEUR_LLM_THREADS=${report.recommendedThreads} (le plus rapide, ou presque aussi rapide avec moins de threads).`);
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
