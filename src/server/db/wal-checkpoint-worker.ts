// Worker-thread entry of the background WAL checkpointer (see wal-checkpointer.ts): its own connection to the
// server's SQLite file, a PASSIVE checkpoint at each tick (it never waits for, nor blocks, the server's readers and
// writers), and a report of each pass to the main thread.
//
// A PASSIVE checkpoint cannot shorten the WAL: SQLite starts writing it from the beginning again only when a
// transaction begins with every frame copied. Under writes without pause (the serving benchmark commits about a
// thousand times a second) new frames always arrive while a pass copies, and the WAL grew by 4 MB a second
// (277 MB in one benchmark run). Past `restartAfterFrames`, a pass is a RESTART instead: it holds back the
// server's writers while it copies the last frames (the server's busy timeout waits: one commit took 9 ms, against
// 5.5 at most without, in the benchmark), after which the next commit starts the WAL over and the server's
// connection trims the file to its journal_size_limit.
//
// A RESTART also waits for the readers still on the old WAL, and it keeps the server's writers out all that time:
// a long reader (an online backup reading every page) would freeze the server's commits for the whole busy
// timeout. So this connection waits at most RESTART_WAIT_MS, and after a RESTART that could not finish, the next
// attempt comes only RESTART_RETRY_PASSES passes later.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

export interface CheckpointJob {
  file: string;
  intervalMs: number;
  /** Frames in the WAL past which a pass makes the server's next commit start it over. */
  restartAfterFrames: number;
}

/** One pass: frames in the WAL, and how many of them are now copied into the database file. */
export interface CheckpointPass {
  log: number;
  checkpointed: number;
  /** This pass made the next commit start the WAL over. */
  restarted: boolean;
}

/** Longest wait of this connection for a lock, so the longest the server's writers wait on a RESTART. */
const RESTART_WAIT_MS = 50;
/** Passes without a RESTART after one that readers kept from finishing (5 s at the server's interval). */
const RESTART_RETRY_PASSES = 25;

const { file, intervalMs, restartAfterFrames } = workerData as CheckpointJob;
const port = parentPort;
if (!port) throw new Error('wal-checkpoint-worker: not started as a worker thread');
const sqlite = new SQLite(file, { fileMustExist: true, timeout: RESTART_WAIT_MS });
const passive = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = sqlite.prepare('PRAGMA wal_checkpoint(RESTART)');

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

let passesBeforeRestart = 0;
const timer = setInterval(() => {
  let row = passive.get() as CheckpointRow;
  let restarted = false;
  if (passesBeforeRestart > 0) passesBeforeRestart--;
  else if (row.log >= restartAfterFrames) {
    row = restart.get() as CheckpointRow;
    restarted = row.busy === 0;
    if (!restarted) passesBeforeRestart = RESTART_RETRY_PASSES;
  }
  port.postMessage({ log: row.log, checkpointed: row.checkpointed, restarted } satisfies CheckpointPass);
}, intervalMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sqlite.close();
  port.close();
});
