// The background checkpointer: the server's connection no longer checkpoints in its commits, the worker copies the
// WAL into the database file, and if the worker dies the server's connection checkpoints on its own again.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';
import { DEFAULT_AUTOCHECKPOINT_PAGES, startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

describe('background WAL checkpointer', () => {
  let dir: string;
  let sqlite: SQLite.Database | undefined;
  let checkpointer: WalCheckpointer | undefined;

  function open() {
    dir = mkdtempSync(join(tmpdir(), 'tuteur-wal-'));
    const file = join(dir, 'db.sqlite');
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('create table t (id integer primary key, body text not null)');
    return { file, sqlite };
  }

  /** Commits `n` transactions of a few pages each, as chat messages do. */
  function write(db: SQLite.Database, n: number) {
    const insert = db.prepare('insert into t (body) values (?)');
    for (let i = 0; i < n; i++) insert.run('x'.repeat(3000));
  }

  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    sqlite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints in the worker while the server’s connection no longer does in its commits', async () => {
    const { file, sqlite: db } = open();
    checkpointer = startWalCheckpointer(db, file, { intervalMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const sizeBefore = statSync(file).size;
    // More frames than SQLite's own threshold (1 000 pages): in WAL mode only a checkpoint writes the database file.
    write(db, 1500);
    await expect
      .poll(async () => {
        const pass = await checkpointer!.nextPass();
        return pass.log > 0 && pass.checkpointed === pass.log;
      }, { timeout: 5000 })
      .toBe(true);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 1500 * 3000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('makes the WAL start over once past its size, even while the server writes without a pause', async () => {
    const { file, sqlite: db } = open();
    // 64 pages: a few dozen commits of the test's size.
    checkpointer = startWalCheckpointer(db, file, { intervalMs: 10, restartAfterBytes: 64 * 4096 });
    const passes: { log: number; restarted: boolean }[] = [];
    const deadline = Date.now() + 10_000;
    // Commits between every pass (a turn of the event loop at a time, so the passes are heard).
    while (!passes.some((pass) => pass.restarted) && Date.now() < deadline) {
      const next = checkpointer.nextPass();
      write(db, 20);
      passes.push(await next);
    }
    const restart = passes.findIndex((pass) => pass.restarted);
    expect(restart).toBeGreaterThanOrEqual(0);
    expect(passes[restart]!.log).toBeGreaterThanOrEqual(64);
    // The next commit writes the WAL from its start: the following pass sees only the frames written since.
    write(db, 1);
    const after = await checkpointer.nextPass();
    expect(after.log).toBeLessThan(passes[restart]!.log);
  });

  it('never holds the server’s writes back for long when a reader keeps the WAL from starting over', async () => {
    const { file, sqlite: db } = open();
    checkpointer = startWalCheckpointer(db, file, { intervalMs: 10, restartAfterBytes: 64 * 4096 });
    // A long reader, as an online backup is: its snapshot keeps the frames after it in the WAL.
    const reader = new SQLite(file);
    try {
      reader.prepare('begin').run();
      reader.prepare('select count(*) from t').get();
      write(db, 100);
      // The server keeps committing while the passes try to restart the WAL; no commit may wait for the reader.
      const insert = db.prepare('insert into t (body) values (?)');
      let longestCommitMs = 0;
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        const started = performance.now();
        insert.run('y'.repeat(3000));
        longestCommitMs = Math.max(longestCommitMs, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      // Without a short wait, a RESTART blocks writers for the whole busy timeout (5 s).
      expect(longestCommitMs).toBeLessThan(1000);
    } finally {
      reader.prepare('commit').run();
      reader.close();
    }
    // The reader gone, the WAL starts over again (by a RESTART, or by the next commit once every frame is copied).
    await expect
      .poll(async () => {
        write(db, 1);
        return (await checkpointer!.nextPass()).log;
      }, { timeout: 5000 })
      .toBeLessThan(64);
  });

  it('gives checkpoints back to the server’s connection when the worker stops or dies', async () => {
    const { file, sqlite: db } = open();
    checkpointer = startWalCheckpointer(db, file, { intervalMs: 20 });
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);

    const failures: Error[] = [];
    checkpointer = startWalCheckpointer(db, file, { intervalMs: 20, onFailure: (error) => failures.push(error) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.stop();
    expect(failures).toEqual([]);
    // A worker that cannot run (here: it is given a file that does not exist) fails at once.
    checkpointer = startWalCheckpointer(db, join(dir, 'absent.sqlite'), { intervalMs: 20, onFailure: (error) => failures.push(error) });
    await expect.poll(() => failures.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
  });

  it('is what a server opens with, and is stopped by closing the database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuteur-wal-'));
    const failures: Error[] = [];
    const handle = openDatabase({ kind: 'sqlite', file: join(dir, 'server.sqlite') }, { backgroundCheckpoint: { onFailure: (error) => failures.push(error) } });
    expect(await handle.ping()).toBe(true);
    await handle.close();
    expect(failures).toEqual([]);
  });
});
