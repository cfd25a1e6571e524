// The load generator's side of the HTTP path: starting a benchmark server process, signing pupils in,
// and asking questions whose answers are read as the browser reads them (SSE, token by token).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface ServerHandle {
  port: number;
  logins: string[];
  password: string;
  status: unknown;
  stop(): Promise<void>;
}

/**
 * Starts `node <script> ...args` and waits for its JSON line {port, logins, password}.
 * With `profileDir`, the process writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
 */
export async function startServerProcess(script: string, args: string[], profileDir?: string): Promise<ServerHandle> {
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`benchmark server exited with code ${code} before listening`)));
  });
  const info = JSON.parse(first) as { port: number; logins: string[]; password: string; status: unknown };
  return {
    ...info,
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// One socket per simulated pupil at most, reused between its messages like a browser tab does.
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time (user + system, ms) the benchmark server process has used so far. */
export async function serverCpuMs(port: number): Promise<number> {
  const reply = await send(port, 'GET', '/bench/cpu', {});
  const usage = JSON.parse(reply.body) as { user: number; system: number };
  return (usage.user + usage.system) / 1000;
}

/** CPU time (user + system, ms) this process has used so far. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface Pupil {
  login: string;
  cookie: string;
  origin: string;
}

/** Signs in through POST /api/auth/login, as the web app does. */
export async function login(port: number, name: string, password: string): Promise<Pupil> {
  const origin = `http://127.0.0.1:${port}`;
  const reply = await send(port, 'POST', '/api/auth/login', { origin }, JSON.stringify({ login: name, password }));
  if (reply.status !== 200) throw new Error(`login ${name}: HTTP ${reply.status} ${reply.body}`);
  const setCookie = [reply.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('tuteur_session='));
  if (!setCookie) throw new Error('no session cookie');
  return { login: name, cookie: setCookie.split(';')[0]!, origin };
}

export async function createConversation(port: number, pupil: Pupil): Promise<string> {
  const reply = await send(port, 'POST', '/api/conversations', { cookie: pupil.cookie, origin: pupil.origin }, '{}');
  if (reply.status !== 201) throw new Error(`create conversation: HTTP ${reply.status} ${reply.body}`);
  return (JSON.parse(reply.body) as { id: string }).id;
}

export interface AnswerTiming {
  /** performance.now() when the request was sent, when the first token event and the end arrived. */
  sentAt: number;
  firstTokenAt: number | null;
  doneAt: number;
  /** Token events received (our path may group several model tokens into one event). */
  pieces: number;
  /** Characters of answer text received. */
  chars: number;
  outcome: string;
}

/**
 * POSTs a message and reads the SSE answer to its end; `untilFirstToken`: leaves once the first token event is there
 * (time-to-first-token samples; the server stops the generation of a pupil who left).
 */
export function ask(port: number, pupil: Pupil, conversationId: string, text: string, options: { untilFirstToken?: boolean } = {}): Promise<AnswerTiming> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    let firstTokenAt: number | null = null;
    let pieces = 0;
    let chars = 0;
    let outcome = 'incomplete';
    let buffer = '';
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/conversations/${conversationId}/messages`,
        agent,
        headers: { cookie: pupil.cookie, origin: pupil.origin, 'content-type': 'application/json' },
      },
      (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let body = '';
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ sentAt, firstTokenAt: null, doneAt: performance.now(), pieces: 0, chars: 0, outcome: `http ${res.statusCode} ${body}` }));
          return;
        }
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = block.slice(7, block.indexOf('\n'));
            if (event === 'token') {
              pieces += 1;
              chars += (JSON.parse(block.slice(block.indexOf('\ndata: ') + 7)) as { text: string }).text.length;
              firstTokenAt ??= performance.now();
              if (options.untilFirstToken) {
                outcome = 'done';
                resolve({ sentAt, firstTokenAt, doneAt: firstTokenAt, pieces, chars, outcome });
                req.destroy();
                return;
              }
            } else if (event === 'done') outcome = 'done';
            else if (event === 'error') outcome = `error ${block}`;
          }
        });
        res.on('end', () => resolve({ sentAt, firstTokenAt, doneAt: performance.now(), pieces, chars, outcome }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ text }));
  });
}
