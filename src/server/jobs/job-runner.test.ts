// Scheduled jobs with a database lease, on both databases, driven by a controllable clock and timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabaseUrls } from '../../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createJobRunner, type Job, type Timers } from './job-runner.ts';
import { createLeasesRepo } from './leases.repo.ts';

const open = (url: string) => openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });

const HOUR = 3600_000;

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    pending,
    /** Fires every pending timer of the given delay once. */
    fire(ms: number) {
      for (const [id, timer] of [...pending]) {
        if (timer.ms !== ms) continue;
        pending.delete(id);
        timer.callback();
      }
    },
  };
}

describe.each(testDatabaseUrls())('job runner on $name', ({ createUrl }) => {
  let url: string;
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let now: number;
  const clock = { now: () => now };

  beforeEach(async () => {
    url = await createUrl();
    first = open(url);
    await migrateToLatest(first.db);
    second = open(url);
    now = Date.UTC(2026, 10, 2, 3);
  });
  afterEach(async () => {
    await first.close();
    await second.close();
  });

  function countingJob(runs: string[], who: string, overrides: Partial<Job> = {}): Job {
    return { name: 'purge', everyMs: 24 * HOUR, run: async () => void runs.push(who), ...overrides };
  }

  it('runs a job once per period across two instances', async () => {
    const runs: string[] = [];
    const a = createJobRunner({ db: first.db, clock, holder: 'a' });
    const b = createJobRunner({ db: second.db, clock, holder: 'b' });
    a.register(countingJob(runs, 'a'));
    b.register(countingJob(runs, 'b'));

    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    expect([fromA[0]?.status, fromB[0]?.status].sort()).toEqual(['not-due', 'ran']);
    expect(runs).toHaveLength(1);

    now += 23 * HOUR;
    expect((await b.tick())[0]?.status).toBe('not-due');
    expect((await a.tick())[0]?.status).toBe('not-due');
    now += HOUR;
    expect((await b.tick())[0]?.status).toBe('ran');
    expect((await a.tick())[0]?.status).toBe('not-due');
    expect(runs).toHaveLength(2);
  });

  it('retries a failed run after the retry delay, not a whole period', async () => {
    let attempts = 0;
    const runner = createJobRunner({ db: first.db, clock, holder: 'a', retryMs: 10 * 60_000 });
    runner.register({
      name: 'flaky',
      everyMs: 24 * HOUR,
      run: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('base indisponible');
        return 'ok';
      },
    });
    expect(await runner.tick()).toEqual([{ name: 'flaky', status: 'failed', error: 'base indisponible' }]);
    now += 9 * 60_000;
    expect((await runner.tick())[0]?.status).toBe('not-due');
    now += 60_000;
    expect(await runner.tick()).toEqual([{ name: 'flaky', status: 'ran', result: 'ok' }]);
  });

  it('lets another instance take over a lease left by a crashed one once it expires', async () => {
    await createLeasesRepo(first.db).acquire('purge', 'crashed', now, now + 10 * 60_000);
    const runs: string[] = [];
    const b = createJobRunner({ db: second.db, clock, holder: 'b' });
    b.register(countingJob(runs, 'b'));
    expect((await b.tick())[0]?.status).toBe('not-due');
    now += 10 * 60_000;
    expect((await b.tick())[0]?.status).toBe('ran');
    expect((await createLeasesRepo(first.db).find('purge'))?.holder).toBe('b');
  });

  it('renews the lease while a long run goes on, and aborts the run when the lease is lost', async () => {
    const manual = manualTimers();
    let release: () => void = () => undefined;
    let seenSignal: AbortSignal | undefined;
    const runner = createJobRunner({ db: first.db, clock, holder: 'a', timers: manual.timers });
    runner.register({
      name: 'long',
      everyMs: HOUR,
      leaseMs: 30_000,
      run: ({ signal }) =>
        new Promise<void>((resolve) => {
          seenSignal = signal;
          release = resolve;
        }),
    });
    const ticking = runner.tick();
    await vi.waitUntil(() => seenSignal !== undefined);
    now += 10_000;
    manual.fire(10_000);
    await vi.waitUntil(async () => (await createLeasesRepo(first.db).find('long'))?.expires_at === now + 30_000);

    // Someone else took the row (e.g. the lease expired during a long pause): the next renewal aborts the run.
    await createLeasesRepo(first.db).release('long', 'a');
    await createLeasesRepo(first.db).acquire('long', 'other', now, now + 30_000);
    manual.fire(10_000);
    await vi.waitUntil(() => seenSignal?.aborted === true);
    release();
    await ticking;
  });

  it('polls with its timers until stopped, and hands back the lease of a run it stops', async () => {
    const manual = manualTimers();
    const runs: string[] = [];
    const runner = createJobRunner({ db: first.db, clock, holder: 'a', timers: manual.timers, pollMs: 60_000 });
    runner.register(countingJob(runs, 'a', { everyMs: HOUR }));
    let started: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (started = resolve));
    runner.register({
      name: 'slow',
      everyMs: HOUR,
      run: ({ signal }) =>
        new Promise<void>((resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(new Error('arrêt')));
        }),
    });
    runner.start();
    await blocked;
    expect(runs).toEqual(['a']);
    await runner.stop();
    expect(await createLeasesRepo(first.db).find('slow')).toBeUndefined();
    expect([...manual.pending.values()].filter((t) => t.ms === 60_000)).toEqual([]);

    // Another instance picks the stopped job up at once.
    const other = createJobRunner({ db: second.db, clock, holder: 'b' });
    other.register({ name: 'slow', everyMs: HOUR, run: async () => 'fini' });
    expect(await other.tick()).toEqual([{ name: 'slow', status: 'ran', result: 'fini' }]);
  });

  it('schedules the next poll after a tick and runs what became due', async () => {
    const manual = manualTimers();
    const runs: string[] = [];
    const runner = createJobRunner({ db: first.db, clock, holder: 'a', timers: manual.timers, pollMs: 60_000 });
    runner.register(countingJob(runs, 'a', { everyMs: HOUR }));
    runner.start();
    await vi.waitUntil(() => [...manual.pending.values()].some((t) => t.ms === 60_000));
    expect(runs).toEqual(['a']);
    now += HOUR;
    manual.fire(60_000);
    await vi.waitUntil(() => runs.length === 2);
    await runner.stop();
  });
});
