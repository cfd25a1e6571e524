// `tuteur model pull`: the one way a model file enters the server from the network, on an admin's explicit
// order. Downloads into `<file>.part` (resumed with a Range request after a cut), verifies the SHA-256 the
// admin gave, then renames atomically: a file under its final name is always complete and verified.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PullRequest {
  url: URL;
  /** Lower-case hex. */
  sha256: string;
  outputDir: string;
}

export interface PullProgress {
  /** The source is known: where it comes from and how big it is (null when the server does not say). */
  start(info: { host: string; finalHost: string; fileName: string; totalBytes: number | null; resumeFrom: number; encrypted: boolean }): void;
  /** Bytes of the file on disk so far (resumed part included). */
  update(bytes: number): void;
  /** The connection dropped; another attempt follows. */
  retry(message: string): void;
  finish(): void;
}

export interface PullTuning {
  /** A response that stays silent this long is treated as a cut connection. */
  idleTimeoutMs: number;
  /** Attempts in a row that bring no new byte before giving up (the .part stays for a later run). */
  maxFailuresInARow: number;
  retryDelayMs: number;
}

export const DEFAULT_PULL_TUNING: PullTuning = { idleTimeoutMs: 60_000, maxFailuresInARow: 4, retryDelayMs: 2_000 };

export type PullResult = { status: 'downloaded' | 'already-present'; path: string; bytes: number };

/** A failure the admin can act on; `message` is French and says what to do. */
export class PullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PullError';
  }
}

/** Connection-level failure: worth another attempt, resuming where it stopped. */
class TransientError extends Error {}

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.gguf$/i;

/** The name to save under: the URL's last segment when it is a plain GGUF file name, else one derived from the checksum. */
export function fileNameFor(url: URL, sha256: string): string {
  let last = '';
  try {
    last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  } catch {
    // A malformed escape: fall back to the checksum-based name.
  }
  return SAFE_FILE_NAME.test(last) && last.length <= 200 ? last : `modele-${sha256.slice(0, 16)}.gguf`;
}

export async function pullModel(request: PullRequest, progress: PullProgress, tuning: PullTuning = DEFAULT_PULL_TUNING): Promise<PullResult> {
  await mkdir(request.outputDir, { recursive: true });
  const target = join(request.outputDir, fileNameFor(request.url, request.sha256));
  const part = `${target}.part`;

  const existing = await sizeOf(target);
  if (existing !== null) {
    if ((await hashFile(target)).digest('hex') === request.sha256) return { status: 'already-present', path: target, bytes: existing };
    throw new PullError(`Le fichier ${target} existe déjà et sa somme SHA-256 est différente : déplacez-le ou choisissez un autre dossier (--output).`);
  }

  let failuresInARow = 0;
  const session = { announced: false };
  for (;;) {
    const before = (await sizeOf(part)) ?? 0;
    try {
      const total = await downloadOnce(request, part, before, progress, tuning, session);
      return await finish(request, part, target, total, progress);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      const after = (await sizeOf(part)) ?? 0;
      failuresInARow = after > before ? 1 : failuresInARow + 1;
      if (failuresInARow >= tuning.maxFailuresInARow) {
        throw new PullError(
          `Téléchargement interrompu (${error.message}). ${after > 0 ? `${formatBytes(after)} sont conservés dans ${part} : relancez la même commande pour reprendre là où il s’est arrêté.` : 'Vérifiez la connexion puis relancez la commande.'}`,
        );
      }
      progress.retry(`Connexion interrompue (${error.message}) : reprise à ${formatBytes(after)}…`);
      await sleep(tuning.retryDelayMs * failuresInARow);
    }
  }
}

/** One HTTP request: appends what it receives to `part`. Resolves with the expected total size (null if unknown). */
async function downloadOnce(
  request: PullRequest,
  part: string,
  have: number,
  progress: PullProgress,
  tuning: PullTuning,
  session: { announced: boolean },
): Promise<number | null> {
  const controller = new AbortController();
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new TransientError('le serveur ne répond plus')), tuning.idleTimeoutMs);
  };
  armIdle();
  try {
    const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'tuteur-model-pull' };
    if (have > 0) headers.range = `bytes=${have}-`;
    let response: Response;
    try {
      response = await fetch(request.url, { headers, redirect: 'follow', signal: controller.signal });
    } catch (error) {
      throw asTransient(error, controller.signal);
    }

    let start = 0;
    let total: number | null;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== have) {
        // A range we did not ask for: start again from zero rather than splice mismatched bytes.
        await response.body?.cancel();
        await rm(part, { force: true });
        throw new TransientError('reprise refusée par le serveur');
      }
      start = have;
      total = range.total;
    } else if (response.status === 200) {
      total = contentLength(response);
    } else if (response.status === 416 && have > 0) {
      await response.body?.cancel();
      const range = parseContentRange(response.headers.get('content-range'));
      // Already complete from an earlier run that was cut just before the rename.
      if (range?.total === have) return have;
      await rm(part, { force: true });
      throw new TransientError('fichier partiel incohérent avec le serveur');
    } else {
      await response.body?.cancel();
      throw new PullError(describeStatus(response.status));
    }
    if (!response.body) throw new TransientError('réponse vide');

    // Host and size are shown once, before the first byte is written.
    if (!session.announced) {
      session.announced = true;
      progress.start({
        host: request.url.host,
        finalHost: new URL(response.url || request.url.href).host,
        fileName: basename(part, '.part'),
        totalBytes: total,
        resumeFrom: start,
        encrypted: new URL(response.url || request.url.href).protocol === 'https:',
      });
      if (total !== null) await ensureFreeSpace(part, total - start);
    }

    let written = start;
    progress.update(written);
    // 200: the server sends the whole file, whatever was there is replaced. Each chunk is written before it
    // is counted, so a cut connection leaves on disk exactly what was reported (a piped write stream would
    // drop its buffered chunks when the source fails, and the resume would start from less).
    const file = await open(part, start === 0 ? 'w' : 'a');
    try {
      // fetch's body is typed as the DOM stream; at run time it is Node's own web stream.
      for await (const chunk of Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
        armIdle();
        await file.write(chunk);
        written += chunk.length;
        progress.update(written);
      }
      await file.sync();
    } catch (error) {
      throw asTransient(error, controller.signal);
    } finally {
      await file.close();
    }
    if (total !== null && written < total) throw new TransientError('fichier reçu incomplet');
    return total;
  } finally {
    clearTimeout(idle);
  }
}

async function finish(request: PullRequest, part: string, target: string, total: number | null, progress: PullProgress): Promise<PullResult> {
  progress.finish();
  const bytes = (await sizeOf(part)) ?? 0;
  if (total !== null && bytes !== total) {
    await rm(part, { force: true });
    throw new PullError(`Taille reçue incorrecte (${bytes} octets au lieu de ${total}) : le fichier partiel a été supprimé, relancez la commande.`);
  }
  const digest = (await hashFile(part)).digest('hex');
  if (digest !== request.sha256) {
    await rm(part, { force: true });
    throw new PullError(
      `Somme de contrôle SHA-256 incorrecte : attendue ${request.sha256}, obtenue ${digest}. Le fichier téléchargé a été supprimé. Vérifiez la somme indiquée par la source du modèle.`,
    );
  }
  if (!(await startsWithGgufMagic(part))) {
    await rm(part, { force: true });
    throw new PullError('Le fichier téléchargé n’est pas un modèle GGUF (signature absente) : il a été supprimé.');
  }
  await rename(part, target);
  return { status: 'downloaded', path: target, bytes };
}

async function hashFile(path: string): Promise<Hash> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash;
}

async function startsWithGgufMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    return bytesRead === 4 && magic.toString('latin1') === 'GGUF';
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function ensureFreeSpace(part: string, needed: number): Promise<void> {
  const fs = await statfs(join(part, '..'));
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new PullError(`Espace disque insuffisant : ${formatBytes(needed)} nécessaires, ${formatBytes(free)} disponibles dans ${join(part, '..')}.`);
  }
}

function contentLength(response: Response): number | null {
  const value = response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

// `bytes START-END/TOTAL` (TOTAL may be a star), or `bytes STAR/TOTAL` on a 416.
export function parseContentRange(value: string | null): { start: number | null; total: number | null } | null {
  if (value === null) return null;
  const match = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(value.trim());
  if (!match) return null;
  return { start: match[1] === undefined ? null : Number(match[1]), total: match[3] === '*' || match[3] === undefined ? null : Number(match[3]) };
}

function describeStatus(status: number): string {
  if (status === 404) return 'Fichier introuvable sur le serveur (HTTP 404) : vérifiez l’URL.';
  if (status === 401 || status === 403) return `Accès refusé par le serveur (HTTP ${status}) : ce fichier demande peut-être une authentification, ou l’URL n’est pas celle du fichier.`;
  if (status === 429) return 'Le serveur limite les téléchargements (HTTP 429) : réessayez plus tard.';
  if (status >= 500) return `Le serveur est en erreur (HTTP ${status}) : réessayez plus tard.`;
  return `Le serveur a refusé la demande (HTTP ${status}).`;
}

function asTransient(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted && signal.reason instanceof TransientError) return signal.reason;
  if (error instanceof PullError || error instanceof TransientError) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new PullError('Nom de serveur introuvable : vérifiez l’URL et la résolution DNS de ce serveur.');
  if (code === 'ECONNREFUSED') return new TransientError('connexion refusée');
  if (code === 'ENOSPC') return new PullError('Disque plein pendant le téléchargement : libérez de la place puis relancez la commande pour reprendre.');
  if (code === 'EACCES' || code === 'EPERM') return new PullError('Écriture impossible dans le dossier de destination (droits d’accès).');
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.startsWith('CERT_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')) {
    return new PullError(`Certificat TLS du serveur refusé (${code}).`);
  }
  return new TransientError(cause?.message ?? (error as Error).message ?? String(error));
}

const numberFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** 1 234 567 890 → « 1,2 Go » (units of 1000, as model hubs show sizes). */
export function formatBytes(bytes: number): string {
  const units = ['octets', 'ko', 'Mo', 'Go', 'To'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${numberFr.format(value)} ${units[unit]}`;
}
