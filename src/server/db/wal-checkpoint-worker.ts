// Worker-thread entry of the background WAL checkpointer (see wal-checkpointer.ts): its own connection to the
// server's SQLite file, a PASSIVE checkpoint at each tick (it never waits for, nor blocks, the server's readers and
// writers), and a report of each pass to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

export interface CheckpointJob {
  file: string;
  intervalMs: number;
}

/** One pass: frames in the WAL, and how many of them are now copied into the database file. */
export interface CheckpointPass {
  log: number;
  checkpointed: number;
}

const { file, intervalMs } = workerData as CheckpointJob;
const port = parentPort;
if (!port) throw new Error('wal-checkpoint-worker: not started as a worker thread');
const sqlite = new SQLite(file, { fileMustExist: true });
const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  const row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
  port.postMessage({ log: row.log, checkpointed: row.checkpointed } satisfies CheckpointPass);
}, intervalMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sqlite.close();
  port.close();
});
