// `tuteur model pull` against a local HTTP server started by the test (resume, checksum, errors, exit codes)
// and `tuteur model check` on a tiny GGUF written by the test.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { HttpError } from '../server/http/errors.ts';
import { writeTinyLlamaGguf } from '../server/modules/llm/testing/tiny-gguf.ts';
import { registerModelCommands, type ProgressStream } from './model-commands.ts';
import { parseContentRange } from './model-pull.ts';

/** Runs `tuteur model …` the way runCli does (same error classes to exit codes: usage 2, failure 1). */
async function run(args: string[], options: { cwd?: string; tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const stderr: ProgressStream = { isTTY: options.tty ?? false, write: (text: string) => progress.push(text) };
  const program = new Command('tuteur').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  registerModelCommands(program, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'tuteur-pull-cwd-')) }, {
    stderr,
    pullTuning: { idleTimeoutMs: 2_000, maxFailuresInARow: 3, retryDelayMs: 10 },
  });
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else if (error instanceof HttpError || error instanceof ZodError) {
      code = 1;
      err.push(`Erreur : ${error instanceof ZodError ? (error.issues[0]?.message ?? '') : error.message}`);
    } else throw error;
  }
  return { code, out: out.join('\n'), err: err.join('\n'), progress: progress.join('') };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// A "model": the GGUF signature then random bytes, big enough to arrive in several chunks.
const MODEL = Buffer.concat([Buffer.from('GGUF'), randomBytes(3 * 1024 * 1024)]);
const MODEL_SHA = sha256(MODEL);

interface Mirror {
  url: string;
  requests: { path: string; range: string | undefined }[];
  /** Cut the connection after this many bytes of the body, for the next `cuts` requests of /models/*. */
  cutAfter: number;
  cuts: number;
  ignoreRange: boolean;
  /** Drop every connection without answering (a server gone down). */
  down: boolean;
}

let server: Server;
let mirror: Mirror;

function serveFile(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  const start = range && !mirror.ignoreRange ? Number(range[1]) : 0;
  if (start >= body.length && range) {
    response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    return;
  }
  const slice = body.subarray(start);
  response.writeHead(start > 0 ? 206 : 200, {
    'content-length': slice.length,
    'accept-ranges': 'bytes',
    ...(start > 0 ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if (mirror.cuts > 0) {
    mirror.cuts -= 1;
    response.write(slice.subarray(0, mirror.cutAfter), () => response.socket?.destroy());
    return;
  }
  response.end(slice);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    mirror.requests.push({ path, range: request.headers.range });
    if (mirror.down) return void request.socket.destroy();
    if (path === '/models/tuteur-7b.Q4_K_M.gguf') return serveFile(request, response, MODEL);
    if (path === '/download?id=42') return serveFile(request, response, MODEL);
    if (path === '/models/not-gguf.gguf') return serveFile(request, response, Buffer.from('<html>connexion requise</html>'));
    if (path === '/latest.gguf') return void response.writeHead(302, { location: '/models/tuteur-7b.Q4_K_M.gguf' }).end();
    if (path === '/private.gguf') return void response.writeHead(403).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  mirror.cuts = 0;
});

function freshMirror(): Mirror {
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: [], cutAfter: 0, cuts: 0, ignoreRange: false, down: false };
}

describe('tuteur model pull', () => {
  it('downloads, verifies and renames; prints host, size and progress; a second pull finds it verified', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA.toUpperCase(), '--output', dir]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Source : 127.0.0.1:${new URL(mirror.url).port}`);
    expect(result.out).toContain('Fichier : tuteur-7b.Q4_K_M.gguf — taille : 3,1 Mo');
    expect(result.out).toContain('Connexion non chiffrée (http)');
    expect(result.out).toContain(`TUTEUR_MODEL_PATH=${join(dir, 'tuteur-7b.Q4_K_M.gguf')}`);
    // No terminal: plain percentage lines, ending at 100 %.
    expect(result.err).toMatch(/Téléchargé : 100 % \(3,1 Mo \/ 3,1 Mo\)/);
    expect(readFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf')).equals(MODEL)).toBe(true);
    expect(readdirSync(dir)).toEqual(['tuteur-7b.Q4_K_M.gguf']);

    const again = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.out).toContain('déjà présent et vérifié');
    expect(mirror.requests).toHaveLength(1);
  });

  it('draws a progress bar in place on a terminal', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA, '--output', dir], { tty: true });
    expect(result.code).toBe(0);
    expect(result.progress).toMatch(/\r\[#{30}\] 100 % 3,1 Mo \/ 3,1 Mo/);
    expect(result.progress.endsWith('\n')).toBe(true);
    expect(result.err).toBe('');
  });

  it('resumes with a Range request after the connection is cut, within the same run', async () => {
    mirror = freshMirror();
    mirror.cutAfter = 1024 * 1024;
    mirror.cuts = 2;
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/Connexion interrompue .* reprise à/);
    const ranges = mirror.requests.map((r) => r.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges.slice(1).every((r) => r !== undefined && /^bytes=\d+-$/.test(r))).toBe(true);
    expect(ranges).toHaveLength(3);
    expect(readFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf')).equals(MODEL)).toBe(true);
  });

  it('keeps the .part when it gives up, and a later run resumes from it', async () => {
    mirror = freshMirror();
    mirror.cutAfter = 512 * 1024;
    mirror.cuts = 1;
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const url = `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`;
    // The first answer is cut after 512 KiB, then the server is down for every further attempt.
    const first = run(['model', 'pull', url, '--sha256', MODEL_SHA, '--output', dir]);
    while (mirror.requests.length === 0) await new Promise((r) => setTimeout(r, 2));
    mirror.down = true;
    const failed = await first;
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/Téléchargement interrompu .* relancez la même commande pour reprendre/);
    const part = join(dir, 'tuteur-7b.Q4_K_M.gguf.part');
    expect(existsSync(part)).toBe(true);
    expect(readFileSync(part).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'tuteur-7b.Q4_K_M.gguf'))).toBe(false);

    mirror.down = false;
    const kept = readFileSync(part).length;
    const resumed = await run(['model', 'pull', url, '--sha256', MODEL_SHA, '--output', dir]);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('Reprise du téléchargement');
    expect(mirror.requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf')).equals(MODEL)).toBe(true);
    expect(existsSync(part)).toBe(false);
  });

  it('starts over when the server ignores the Range header', async () => {
    mirror = freshMirror();
    mirror.ignoreRange = true;
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    writeFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf.part'), MODEL.subarray(0, 1000));
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(result.code).toBe(0);
    expect(mirror.requests[0]?.range).toBe('bytes=1000-');
    expect(readFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf')).equals(MODEL)).toBe(true);
  });

  it('refuses and deletes a file whose checksum does not match', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const wrong = sha256(Buffer.from('autre chose'));
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', wrong, '--output', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`Somme de contrôle SHA-256 incorrecte : attendue ${wrong}, obtenue ${MODEL_SHA}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file that is not a GGUF even with the right checksum', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const body = Buffer.from('<html>connexion requise</html>');
    const result = await run(['model', 'pull', `${mirror.url}/models/not-gguf.gguf`, '--sha256', sha256(body), '--output', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/n’est pas un modèle GGUF/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('answers 404 and 403 with French errors and exit code 1, writing nothing', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const missing = await run(['model', 'pull', `${mirror.url}/models/absent.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toContain('Fichier introuvable sur le serveur (HTTP 404) : vérifiez l’URL.');
    const denied = await run(['model', 'pull', `${mirror.url}/private.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/Accès refusé par le serveur \(HTTP 403\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('follows a redirect and names a file without a usable name after its checksum', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const redirected = await run(['model', 'pull', `${mirror.url}/latest.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(redirected.code).toBe(0);
    expect(existsSync(join(dir, 'latest.gguf'))).toBe(true);
    const dir2 = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    const unnamed = await run(['model', 'pull', `${mirror.url}/download?id=42`, '--sha256', MODEL_SHA, '--output', dir2]);
    expect(unnamed.code).toBe(0);
    expect(readdirSync(dir2)).toEqual([`modele-${MODEL_SHA.slice(0, 16)}.gguf`]);
  });

  it('refuses an existing different file under the same name', async () => {
    mirror = freshMirror();
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-pull-'));
    writeFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf'), 'ancien');
    const result = await run(['model', 'pull', `${mirror.url}/models/tuteur-7b.Q4_K_M.gguf`, '--sha256', MODEL_SHA, '--output', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/existe déjà et sa somme SHA-256 est différente/);
    expect(readFileSync(join(dir, 'tuteur-7b.Q4_K_M.gguf'), 'utf8')).toBe('ancien');
    expect(mirror.requests).toHaveLength(0);
  });

  it('validates its input: URL scheme, checksum format, missing option', async () => {
    const ftp = await run(['model', 'pull', 'ftp://miroir.lan/m.gguf', '--sha256', MODEL_SHA]);
    expect(ftp.code).toBe(1);
    expect(ftp.err).toMatch(/URL http:\/\/ ou https:\/\/ est attendue/);
    const shortSum = await run(['model', 'pull', 'https://miroir.lan/m.gguf', '--sha256', 'abc']);
    expect(shortSum.code).toBe(1);
    expect(shortSum.err).toMatch(/64 caractères hexadécimaux/);
    expect((await run(['model', 'pull', 'https://miroir.lan/m.gguf'])).code).toBe(2);
  });

  it('reads Content-Range headers strictly', () => {
    expect(parseContentRange('bytes 100-199/200')).toEqual({ start: 100, total: 200 });
    expect(parseContentRange('bytes */200')).toEqual({ start: null, total: 200 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, total: null });
    expect(parseContentRange('octets 1-2/3')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });
});

describe('tuteur model check', () => {
  let dir: string;
  let modelPath: string;
  let parameterCount: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuteur-check-'));
    modelPath = join(dir, 'tiny.gguf');
    ({ parameterCount } = await writeTinyLlamaGguf(modelPath, { seed: 5, name: 'modele-de-test' }));
  });

  it('describes the model and measures its speed for 1 thread and every core (--json)', async () => {
    const result = await run(['model', 'check', 'tiny.gguf', '--json', '--seconds', '0.2'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      file: string;
      name: string;
      architecture: string;
      parameterCount: number;
      contextLength: number;
      chatTemplate: { present: boolean; format: string };
      fileType: string;
      fileTypeDeclared: boolean;
      cores: number;
      speed: { threads: number; tokensPerSecond: number; tokens: number; batchTokensPerSecond: number }[];
      batchConversations: number;
      recommendedThreads: number;
    };
    expect(report).toMatchObject({
      file: modelPath,
      name: 'modele-de-test',
      architecture: 'llama',
      parameterCount,
      contextLength: 2048,
      chatTemplate: { present: true, format: 'ChatML' },
      fileType: 'F32',
      fileTypeDeclared: false,
    });
    const threads = report.speed.map((s) => s.threads);
    expect(threads[0]).toBe(1);
    expect(threads.at(-1)).toBe(report.cores);
    for (const sample of report.speed) {
      expect(sample.tokens).toBeGreaterThan(0);
      expect(sample.tokensPerSecond).toBeGreaterThan(0);
      expect(sample.batchTokensPerSecond).toBeGreaterThan(0);
    }
    expect(report.batchConversations).toBe(8);
    expect(threads).toContain(report.recommendedThreads);
  });

  it('prints a French summary with the recommended TUTEUR_LLM_THREADS, or no measure with --no-speed', async () => {
    const noTemplate = join(dir, 'sans-modele.gguf');
    await writeTinyLlamaGguf(noTemplate, { chatTemplate: null });
    const text = await run(['model', 'check', noTemplate, '--seconds', '0.2']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Architecture : llama');
    expect(text.out).toContain('Contexte d’entraînement : 2');
    expect(text.out).toMatch(/Modèle de conversation \(chat template\) : absent — format de repli : \w+/);
    expect(text.out).toContain('Quantification : F32 (déduite des tenseurs)');
    expect(text.out).toMatch(/1 thread +: [\d\s\u202f,]+ jetons\/s \(premier jeton en [\d\s\u202f,]+ ms\) ; 8 conversations : [\d\s\u202f,]+ jetons\/s au total/);
    expect(text.out).toMatch(/Recommandation : TUTEUR_LLM_THREADS=\d+/);
    const quick = await run(['model', 'check', noTemplate, '--no-speed']);
    expect(quick.code).toBe(0);
    expect(quick.out).not.toContain('jetons/s');
    expect(quick.out).not.toContain('Recommandation');
  });

  it('refuses a missing file and a file that is not a GGUF with French errors', async () => {
    const missing = await run(['model', 'check', join(dir, 'absent.gguf')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Fichier du modèle introuvable/);
    const fake = join(dir, 'faux.gguf');
    writeFileSync(fake, 'ceci n’est pas un modèle');
    const notGguf = await run(['model', 'check', fake]);
    expect(notGguf.code).toBe(1);
    expect(notGguf.err).toMatch(/n’est pas un modèle GGUF/);
    const truncated = join(dir, 'tronque.gguf');
    writeFileSync(truncated, readFileSync(modelPath).subarray(0, 5000));
    const cut = await run(['model', 'check', truncated]);
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(/tronqué|corrompu/);
  });
});
