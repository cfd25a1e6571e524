// Starts a throw-away PostgreSQL server (Debian's `postgresql` package) for one test run.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/server/ops/testing/instances.ts';

export interface PostgresServer {
  /** Superuser URL of the maintenance database, e.g. postgres://postgres@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  /** Stops the server and removes its directory. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Every database a test run creates starts with this prefix (lowercase, safe as an identifier). */
export function testDatabasePrefix(runId: string): string {
  return `tuteur_t_${runId}_`;
}

export class PostgresMissingError extends Error {
  constructor() {
    super(
      'PostgreSQL est introuvable (aucun /usr/lib/postgresql/*/bin/postgres). ' +
        'Les tests de la couche de données tournent aussi sur un vrai serveur PostgreSQL : ' +
        'installez-le avec « apt-get install postgresql » (paquet Debian), ' +
        'ou indiquez un serveur existant avec TUTEUR_TEST_PG_URL=postgres://…, ' +
        'ou lancez sans PostgreSQL avec TUTEUR_TEST_NO_PG=1 (déconseillé, jamais en CI).',
    );
    this.name = 'PostgresMissingError';
  }
}

/** Highest-version Debian PostgreSQL bin directory, or null when the package is not installed. */
export function findPostgresBinDir(root = '/usr/lib/postgresql'): string | null {
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return null;
  }
  const candidates = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'))
    .filter((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
  return candidates[0] ?? null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: when we are root, run it as the `postgres` system user. */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Les tests tournent en root mais l'utilisateur système « postgres » n'existe pas " +
        '(il est créé par le paquet Debian postgresql) : PostgreSQL refuse de tourner en root.',
    );
  }
}

// Runs after this process is gone (even if it was SIGKILLed): stops the server and removes its directory.
const WATCHDOG = `
parent=$1; pg=$2; dir=$3
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
kill -INT "$pg" 2>/dev/null
i=0; while kill -0 "$pg" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
kill -QUIT "$pg" 2>/dev/null
i=0; while kill -0 "$pg" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL "$pg" 2>/dev/null
rm -rf "$dir"
`;

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(pas de journal)';
  }
}

function initdb(binDir: string, dataDir: string, cwd: string, runAs: RunAs | undefined): void {
  const base = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'];
  let lastError = '';
  for (const locale of ['C.UTF-8', 'C']) {
    const res = spawnSync(join(binDir, 'initdb'), [...base, `--locale=${locale}`], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', TZ: process.env.TZ ?? 'UTC' },
      ...runAs,
    });
    if (res.status === 0) return;
    lastError = `${res.error?.message ?? ''}${res.stdout}\n${res.stderr}`;
    rmSync(dataDir, { recursive: true, force: true });
  }
  throw new Error(`initdb a échoué :\n${lastError}`);
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL s'est arrêté au démarrage (code ${child.exitCode ?? child.signalCode}) :\n${tail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL n'est pas prêt après ${timeoutMs} ms :\n${tail(logFile)}`);
    }
    await sleep(50);
  }
}

export interface StartPostgresOptions {
  /** Directory with initdb and postgres; default: highest /usr/lib/postgresql/<version>/bin. */
  binDir?: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
  readyTimeoutMs?: number;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!binDir) throw new PostgresMissingError();
  const runAs = postgresUser();

  const dir = mkdtempSync(join(tmpdir(), 'tuteur-pg-'));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');

  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let stopped: Promise<void> | undefined;

  const killNow = () => {
    // Synchronous last resort from the 'exit' handler; the watchdog removes the directory afterwards.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGQUIT');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', killNow);

  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', killNow);
      const proc = child;
      if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        // SIGINT = fast shutdown: disconnects clients, no waiting for them to leave.
        const escalate: [NodeJS.Signals, number][] = [
          ['SIGINT', 10_000],
          ['SIGQUIT', 5_000],
          ['SIGKILL', 5_000],
        ];
        for (const [signal, wait] of escalate) {
          try {
            process.kill(proc.pid, signal);
          } catch {
            break;
          }
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(r, wait, 'timeout')));
          const outcome = await Promise.race([exited.then(() => 'exited' as const), timeout]);
          clearTimeout(timer);
          if (outcome === 'exited') break;
        }
      }
      if (watchdog?.pid && watchdog.exitCode === null) {
        try {
          process.kill(watchdog.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    initdb(binDir, dataDir, dir, runAs);

    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: 200,
      shared_buffers: '64MB',
      logging_collector: 'off',
      log_min_messages: 'warning',
      ...options.settings,
    };
    const args = ['-D', dataDir];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const logFd = openSync(logFile, 'a');
      if (runAs) chownSync(logFile, runAs.uid, runAs.gid);
      child = spawn(join(binDir, 'postgres'), [...args, '-p', String(port)], {
        cwd: dir,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
        ...runAs,
      });
      closeSync(logFd);
      child.unref();
      child.on('error', () => {});

      watchdog?.kill('SIGKILL');
      watchdog = spawn('sh', ['-c', WATCHDOG, 'tuteur-pg-watchdog', String(process.pid), String(child.pid), dir], {
        detached: true,
        stdio: 'ignore',
      });
      watchdog.unref();

      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      try {
        await waitReady(url, child, logFile, options.readyTimeoutMs ?? 30_000);
        return { url, port, stop };
      } catch (err) {
        // Another process may have taken the port between our check and postgres' bind: try another one.
        const portTaken = /could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(tail(logFile));
        if (!portTaken || attempt >= 5) throw err;
        const failed = child;
        if (failed.exitCode === null && failed.signalCode === null) {
          await new Promise<void>((r) => failed.once('exit', () => r()));
        }
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
}
