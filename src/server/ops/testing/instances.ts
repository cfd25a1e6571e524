// Real Tuteur processes for the operations tests and the cluster benchmark: `node bin/tuteur.js serve` with
// a given environment on a loopback port, the `tuteur` command itself, and a small HTTP client that reads
// answers as the web app does (server-sent events, event by event).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
export const TUTEUR_BIN = resolve(REPO_ROOT, 'bin', 'tuteur.js');

// Ports for processes started later (nginx, PostgreSQL, `tuteur serve`) are taken below the kernel's
// ephemeral range (32768–60999 on Linux). A port the OS picked with listen(0) and handed back could be given
// again to any of the hundreds of servers other test files start in parallel with listen(0) before our process
// binds it; that happened under load (nginx's port served by another test's server). Ports in this range are
// never handed out by listen(0), so only another explicit pick could collide, and it checks too.
const PICK_FROM = 20_000;
const PICK_SPAN = 12_000;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });
}

/** A loopback port nobody listens on right now, outside the ephemeral range (see above). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = PICK_FROM + Math.floor(Math.random() * PICK_SPAN);
    if (await isFree(port)) return port;
  }
  throw new Error(`aucun port libre trouvé entre ${PICK_FROM} et ${PICK_FROM + PICK_SPAN}`);
}

/** Only what the child needs (Node is started by absolute path): nothing of the parent's environment leaks in. */
export function childEnv(tuteur: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...tuteur };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TuteurProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every stdout line so far (French messages and JSON log lines). */
  lines: string[];
  /** The JSON log lines, parsed. */
  logs(): Record<string, unknown>[];
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the first line (already written or to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number, what: string): Promise<string>;
  /** Sends a signal; resolves when the process has exited (SIGKILL after `killAfterMs`). */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<Exit>;
}

/** Starts `tuteur serve` and waits until it says it is listening. `env` holds TUTEUR_* variables (TUTEUR_PORT set here). */
export async function startTuteur(env: Record<string, string>, options: { cwd: string; port?: number; timeoutMs?: number }): Promise<TuteurProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [TUTEUR_BIN, 'serve'], {
    cwd: options.cwd,
    env: childEnv({ TUTEUR_HOST: '127.0.0.1', ...env, TUTEUR_PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errText = '';
  const waiters = new Set<(line: string) => void>();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (errText += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters) waiter(line);
  });
  const exited = new Promise<Exit>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));

  const waitForLine = (match: (line: string) => boolean, timeoutMs: number, what: string) =>
    new Promise<string>((resolveLine, reject) => {
      const already = lines.find(match);
      if (already !== undefined) return resolveLine(already);
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} : rien après ${timeoutMs} ms.\nsortie :\n${lines.slice(-20).join('\n')}\nerreurs :\n${errText.slice(-2000)}`));
      }, timeoutMs);
      const check = (line: string) => {
        if (!match(line)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolveLine(line);
      };
      waiters.add(check);
      void exited.then((exit) => {
        if (!waiters.has(check)) return;
        clearTimeout(timer);
        waiters.delete(check);
        reject(new Error(`${what} : le processus s’est arrêté (${JSON.stringify(exit)}).\nsortie :\n${lines.slice(-20).join('\n')}\nerreurs :\n${errText.slice(-2000)}`));
      });
    });

  const handle: TuteurProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    lines,
    logs: () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    stderr: () => errText,
    exited,
    waitForLine,
    async stop(signal = 'SIGTERM', killAfterMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
  try {
    await waitForLine((line) => line.startsWith('Tuteur est démarré sur'), options.timeoutMs ?? 60_000, `démarrage de Tuteur sur le port ${port}`);
  } catch (error) {
    await handle.stop('SIGKILL');
    throw error;
  }
  return handle;
}

/** Runs `tuteur <args>` to its end. */
export function runTuteurCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd: string; stdin?: string; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [TUTEUR_BIN, ...args], { cwd: options.cwd, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tuteur ${args.join(' ')} : toujours en cours après ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A signed-in browser: its session cookie and the origin its requests carry. */
export interface Browser {
  cookie: string;
  origin: string;
}

export interface JsonReply {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One JSON request, as the web app makes it (same-origin `Origin` header, session cookie). */
export async function api(base: string, method: string, path: string, who: Partial<Browser> & { origin: string }, body?: unknown): Promise<JsonReply> {
  const headers: Record<string, string> = { origin: who.origin };
  if (who.cookie) headers.cookie = who.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (an nginx error page, for instance): kept as text for the assertion message.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export async function signIn(base: string, origin: string, login: string, password: string): Promise<Browser> {
  const reply = await api(base, 'POST', '/api/auth/login', { origin }, { login, password });
  if (reply.status !== 200) throw new Error(`connexion de ${login} : HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('tuteur_session='));
  if (!cookie) throw new Error('pas de cookie de session');
  return { cookie: cookie.split(';')[0]!, origin };
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface AnswerStream {
  status: number;
  headers: Headers;
  events: StreamEvent[];
  /** Resolves with the first event (already received or to come) that matches. */
  waitFor(match: (event: StreamEvent) => boolean, timeoutMs: number): Promise<StreamEvent>;
  /** Resolves when the stream ends, whatever the way (end, server gone). */
  ended: Promise<{ events: StreamEvent[]; error?: string }>;
}

/** Posts a message and reads its answer event by event. */
export async function postMessage(base: string, who: Browser, conversationId: string, text: string): Promise<AnswerStream> {
  const response = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { origin: who.origin, cookie: who.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  const events: StreamEvent[] = [];
  const listeners = new Set<() => void>();
  const ended = (async () => {
    if (!response.body) return { events };
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          events.push({ event: name, data: data === undefined ? {} : (JSON.parse(data) as Record<string, unknown>) });
          for (const listener of listeners) listener();
        }
      }
      return { events };
    } catch (error) {
      return { events, error: (error as Error).message };
    } finally {
      for (const listener of listeners) listener();
    }
  })();
  let finished = false;
  void ended.then(() => (finished = true));
  return {
    status: response.status,
    headers: response.headers,
    events,
    ended,
    waitFor: (match, timeoutMs) =>
      new Promise((resolveEvent, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            done();
            resolveEvent(found);
          } else if (finished) {
            done();
            reject(new Error(`flux terminé sans l’événement attendu : ${JSON.stringify(events.map((e) => e.event))}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`événement attendu absent après ${timeoutMs} ms : ${JSON.stringify(events.slice(-5))}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void ended.then(check);
        check();
      }),
  };
}
