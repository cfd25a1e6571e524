// Runs scheduled work (retention purge, audit sealing) once per period across all instances. The lease
// row is also the schedule: a finished run keeps the lease until the next run is due, so an instance that
// starts or restarts in between does not run the job again. Clock and timers are passed in for tests.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { createLeasesRepo } from './leases.repo.ts';

export interface JobContext {
  /** Aborted when the runner stops or the lease is lost: stop at the next safe point. */
  signal: AbortSignal;
  now: number;
}

export interface Job {
  name: string;
  /** Time between two runs, whichever instance runs them. */
  everyMs: number;
  /** How long a run holds the job before another instance may take it over; renewed while it runs. */
  leaseMs?: number;
  run(ctx: JobContext): Promise<unknown>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type JobOutcome =
  | { name: string; status: 'ran'; result: unknown }
  | { name: string; status: 'not-due' }
  | { name: string; status: 'failed'; error: string };

export interface JobRunnerDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Names this instance in the lease table. */
  holder?: string;
  timers?: Timers;
  /** How often due jobs are looked for. */
  pollMs?: number;
  /** After a failure, the next try comes after this (or the job's period, if shorter). */
  retryMs?: number;
  logger?: JobLogger;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending poll must not keep a CLI or a test process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createJobRunner(deps: JobRunnerDeps) {
  const leases = createLeasesRepo(deps.db);
  const { clock } = deps;
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const timers = deps.timers ?? realTimers;
  const pollMs = deps.pollMs ?? 60_000;
  const retryMs = deps.retryMs ?? 15 * 60_000;
  const jobs = new Map<string, Job>();
  const running = new Map<string, AbortController>();
  let ticking: Promise<JobOutcome[]> | null = null;
  let pollHandle: unknown = null;
  // idle: ticks only when asked (CLI, tests); polling: started; stopped: starts nothing more.
  let state: 'idle' | 'polling' | 'stopped' = 'idle';

  async function runOne(job: Job): Promise<JobOutcome> {
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const startedAt = clock.now();
    if (!(await leases.acquire(job.name, holder, startedAt, startedAt + leaseMs))) return { name: job.name, status: 'not-due' };
    const controller = new AbortController();
    running.set(job.name, controller);
    let renewHandle: unknown = null;
    const renew = () => {
      renewHandle = timers.setTimeout(() => {
        void leases.extend(job.name, holder, clock.now() + leaseMs).then(
          (kept) => (kept ? renew() : controller.abort(new Error('lease lost'))),
          () => controller.abort(new Error('lease renewal failed')),
        );
      }, Math.max(1, Math.floor(leaseMs / 3)));
    };
    renew();
    let outcome: JobOutcome;
    try {
      outcome = { name: job.name, status: 'ran', result: await job.run({ signal: controller.signal, now: startedAt }) };
      deps.logger?.info({ job: job.name, ms: clock.now() - startedAt }, 'job done');
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      deps.logger?.error({ job: job.name, err: { name: (error as Error).name, message } }, 'job failed');
      outcome = { name: job.name, status: 'failed', error: message };
    }
    timers.clearTimeout(renewHandle);
    running.delete(job.name);
    if (state === 'stopped' && controller.signal.aborted) {
      // Stopped half-way: another instance may take the job at once.
      await leases.release(job.name, holder).catch(() => undefined);
    } else {
      const next = outcome.status === 'ran' ? startedAt + job.everyMs : clock.now() + Math.min(retryMs, job.everyMs);
      await leases.extend(job.name, holder, next).catch(() => undefined);
    }
    return outcome;
  }

  async function runDue(): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs.values()) {
      if (state === 'stopped') break;
      outcomes.push(await runOne(job));
    }
    return outcomes;
  }

  function schedule(): void {
    if (state !== 'polling') return;
    pollHandle = timers.setTimeout(() => {
      void tick().finally(schedule);
    }, pollMs);
  }

  /** Runs every job that is due now (one at a time); a tick already under way is joined, not doubled. */
  function tick(): Promise<JobOutcome[]> {
    ticking ??= runDue().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  return {
    holder,
    register(job: Job): void {
      if (jobs.has(job.name)) throw new Error(`La tâche ${job.name} est déjà enregistrée.`);
      jobs.set(job.name, job);
    },
    tick,
    /** Looks for due jobs now, then every pollMs, until stop(). */
    start(): void {
      if (state === 'polling') return;
      state = 'polling';
      void tick().finally(schedule);
    },
    /** Stops polling, aborts running jobs, waits for them and hands their leases back. */
    async stop(): Promise<void> {
      state = 'stopped';
      timers.clearTimeout(pollHandle);
      for (const controller of running.values()) controller.abort(new Error('runner stopped'));
      await ticking?.catch(() => undefined);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
