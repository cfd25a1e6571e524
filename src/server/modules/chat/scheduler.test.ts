// Admission queue: concurrency limit, FIFO order, positions, bounded size, abort while waiting.
import { describe, expect, it } from 'vitest';
import { createScheduler, QueueFullError } from './scheduler.ts';

describe('scheduler', () => {
  it('runs up to the concurrency, queues the rest in order and announces positions', async () => {
    const scheduler = createScheduler({ concurrency: 1, maxQueue: 5 });
    const signal = new AbortController().signal;
    const release1 = await scheduler.acquire(signal, () => undefined);
    const positions: Record<string, number[]> = { b: [], c: [] };
    const order: string[] = [];
    const b = scheduler.acquire(signal, (p) => positions.b!.push(p)).then((r) => (order.push('b'), r));
    const c = scheduler.acquire(signal, (p) => positions.c!.push(p)).then((r) => (order.push('c'), r));
    expect(scheduler.stats()).toEqual({ running: 1, queued: 2 });
    release1();
    const releaseB = await b;
    releaseB();
    releaseB(); // releasing twice must not free two slots
    (await c)();
    expect(order).toEqual(['b', 'c']);
    expect(positions).toEqual({ b: [1], c: [2, 1] });
    expect(scheduler.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('refuses when the queue is full', async () => {
    const scheduler = createScheduler({ concurrency: 1, maxQueue: 1 });
    const signal = new AbortController().signal;
    await scheduler.acquire(signal, () => undefined);
    void scheduler.acquire(signal, () => undefined);
    expect(scheduler.isFull()).toBe(true);
    await expect(scheduler.acquire(signal, () => undefined)).rejects.toBeInstanceOf(QueueFullError);
  });

  it('follows the model’s slots when they change while serving', async () => {
    let slots = 1;
    const scheduler = createScheduler({ concurrency: () => slots, maxQueue: 5 });
    const signal = new AbortController().signal;
    const releaseA = await scheduler.acquire(signal, () => undefined);
    const waiting = [scheduler.acquire(signal, () => undefined), scheduler.acquire(signal, () => undefined), scheduler.acquire(signal, () => undefined)];
    expect(scheduler.stats()).toEqual({ running: 1, queued: 3 });
    // The engine finished sizing its context with three sequences: the next release lets three in at once.
    slots = 3;
    releaseA();
    const releases = await Promise.all(waiting);
    expect(scheduler.stats()).toEqual({ running: 3, queued: 0 });
    // A server of the pool went down: one slot left, nobody more gets in until the running ones end.
    slots = 1;
    const late = scheduler.acquire(signal, () => undefined);
    releases[0]!();
    releases[1]!();
    expect(scheduler.stats()).toEqual({ running: 1, queued: 1 });
    releases[2]!();
    await late;
    expect(scheduler.stats()).toEqual({ running: 1, queued: 0 });
  });

  it('removes a waiter that gives up and moves the others forward', async () => {
    const scheduler = createScheduler({ concurrency: 1, maxQueue: 5 });
    const never = new AbortController().signal;
    const release = await scheduler.acquire(never, () => undefined);
    const leaving = new AbortController();
    const positions: number[] = [];
    const gone = scheduler.acquire(leaving.signal, () => undefined);
    const staying = scheduler.acquire(never, (p) => positions.push(p));
    leaving.abort(new Error('left'));
    await expect(gone).rejects.toThrow('left');
    expect(positions).toEqual([2, 1]);
    release();
    await staying;
    expect(scheduler.stats()).toEqual({ running: 1, queued: 0 });
  });
});
