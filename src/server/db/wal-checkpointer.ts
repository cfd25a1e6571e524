// Moves SQLite's WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that takes
// the WAL past 1 000 pages: with a chat message writing about ten pages, every hundredth message or so paid a
// checkpoint (copying 4 MB into the database file, then fsync) in its commit, 5 to 19 ms during which the
// server streamed to nobody (serving benchmark, 2026-11-22: 102 such commits held half of all commit time).
// Here the server's connection stops checkpointing on its own and a worker thread, with its own connection, runs
// a PASSIVE checkpoint every tick: it copies what no reader still needs and never makes the server wait.
// Past 64 MB (only under writes without pause), a pass also holds the server's writes back for a few ms so that the
// next commit starts the WAL over (see the worker). If the worker dies, the server's connection checkpoints on its
// own again, so the WAL never grows without end.
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type { CheckpointJob, CheckpointPass } from './wal-checkpoint-worker.ts';

const WORKER_URL = new URL('./wal-checkpoint-worker.ts', import.meta.url);
/** SQLite's own default, restored when the worker is gone. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** A WAL left larger than this (after a burst) is truncated back to it when reset (journal_size_limit). */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface WalCheckpointer {
  /** Resolves after the next pass (tests). */
  nextPass(): Promise<CheckpointPass>;
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  sqlite: SQLite.Database,
  file: string,
  options: { intervalMs?: number; restartAfterBytes?: number; onFailure?: (error: Error) => void } = {},
): WalCheckpointer {
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const restartAfterFrames = Math.max(1, Math.floor((options.restartAfterBytes ?? WAL_SIZE_LIMIT_BYTES) / pageSize));
  const job: CheckpointJob = { file, intervalMs: options.intervalMs ?? 200, restartAfterFrames };
  const worker = new Worker(WORKER_URL, { workerData: job });
  // The worker's ticks alone must not keep a process alive that has nothing else to do (CLI, tests).
  worker.unref();
  let stopping = false;
  let waiters: ((pass: CheckpointPass) => void)[] = [];
  const fallBack = (error: Error) => {
    if (stopping || !sqlite.open) return;
    stopping = true;
    sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    options.onFailure?.(error);
  };
  worker.on('message', (pass: CheckpointPass) => {
    const current = waiters;
    waiters = [];
    for (const resolve of current) resolve(pass);
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => fallBack(new Error(`WAL checkpoint worker exited (code ${code})`)));
  return {
    nextPass: () => new Promise((resolve) => waiters.push(resolve)),
    async stop() {
      if (stopping) return;
      stopping = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Awaited at shutdown: the worker must keep the process alive until it has ended (an unref'd worker would
      // leave this promise unsettled when nothing else runs, and Node exits with code 13).
      worker.ref();
      worker.postMessage('stop');
      await exited;
      // Closing the last connection checkpoints what is left; until then the server's own does it again.
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
