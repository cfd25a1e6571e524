// The drain logic of a graceful stop, on a simulated clock: answers that end within the grace period are left
// alone, the others are stopped once, and the wait for their storage is bounded.
import { describe, expect, it } from 'vitest';
import { finishRunningAnswers, SHUTDOWN_MESSAGE, type RunningAnswers } from './shutdown.ts';

/** Answers that end at given times (ms) unless aborted; an aborted answer takes `storeMs` to be stored. */
function simulated(endsAt: number[], storeMs = 20) {
  let now = 0;
  const aborts: string[] = [];
  let abortedAt: number | null = null;
  const running = () => endsAt.filter((end) => (abortedAt === null ? end > now : end > now && now < abortedAt + storeMs)).length;
  const chat: RunningAnswers = {
    stats: () => ({ inFlight: running() }),
    abortAll: (reason) => {
      aborts.push(reason);
      abortedAt = now;
    },
  };
  const timing = {
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
  };
  return { chat, timing, aborts, clock: () => now };
}

describe('finishRunningAnswers', () => {
  it('returns at once when nothing runs', async () => {
    const sim = simulated([]);
    expect(await finishRunningAnswers(sim.chat, { graceMs: 10_000, ...sim.timing })).toEqual({ finished: 0, interrupted: 0, unsettled: 0 });
    expect(sim.clock()).toBe(0);
    expect(sim.aborts).toEqual([]);
  });

  it('waits for answers that end within the grace period and interrupts nothing', async () => {
    const sim = simulated([300, 1200]);
    expect(await finishRunningAnswers(sim.chat, { graceMs: 10_000, ...sim.timing })).toEqual({ finished: 2, interrupted: 0, unsettled: 0 });
    expect(sim.clock()).toBeGreaterThanOrEqual(1200);
    expect(sim.clock()).toBeLessThan(1300);
    expect(sim.aborts).toEqual([]);
  });

  it('interrupts what still runs at the end of the grace period, once, and waits for it to be stored', async () => {
    const sim = simulated([500, 60_000, 90_000]);
    const outcome = await finishRunningAnswers(sim.chat, { graceMs: 2000, ...sim.timing });
    expect(outcome).toEqual({ finished: 1, interrupted: 2, unsettled: 0 });
    expect(sim.aborts).toEqual([SHUTDOWN_MESSAGE]);
    expect(sim.clock()).toBeGreaterThanOrEqual(2020);
    expect(sim.clock()).toBeLessThan(2200);
  });

  it('with a grace period of 0 interrupts at once', async () => {
    const sim = simulated([60_000]);
    expect(await finishRunningAnswers(sim.chat, { graceMs: 0, ...sim.timing })).toMatchObject({ interrupted: 1 });
    expect(sim.aborts).toHaveLength(1);
  });

  it('gives up waiting for answers that are never stored, and says how many', async () => {
    const sim = simulated([60_000], 1_000_000);
    const outcome = await finishRunningAnswers(sim.chat, { graceMs: 100, settleMs: 1000, ...sim.timing });
    expect(outcome).toEqual({ finished: 0, interrupted: 1, unsettled: 1 });
    expect(sim.clock()).toBeLessThan(1200);
  });
});
