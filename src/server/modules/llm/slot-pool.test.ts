import { describe, expect, it } from 'vitest';
import { createSlotPool } from './slot-pool.ts';

const never = new AbortController().signal;

describe('createSlotPool', () => {
  it('hands out free slots at once and queues further callers in arrival order', async () => {
    const pool = createSlotPool(['a', 'b']);
    expect(await pool.acquire(never)).toBe('a');
    expect(await pool.acquire(never)).toBe('b');
    const served: string[] = [];
    const first = pool.acquire(never).then((slot) => served.push(`first:${slot}`));
    const second = pool.acquire(never).then((slot) => served.push(`second:${slot}`));
    pool.release('b');
    pool.release('a');
    await Promise.all([first, second]);
    expect(served).toEqual(['first:b', 'second:a']);
  });

  it('lets a waiter give up without losing the slot for the next one', async () => {
    const pool = createSlotPool([1]);
    await pool.acquire(never);
    const controller = new AbortController();
    const leaving = pool.acquire(controller.signal);
    const staying = pool.acquire(never);
    controller.abort();
    expect(await leaving).toBeUndefined();
    pool.release(1);
    expect(await staying).toBe(1);
  });

  it('rejects waiters and later callers once closed', async () => {
    const pool = createSlotPool([1]);
    await pool.acquire(never);
    const waiting = pool.acquire(never);
    pool.close(new Error('fermé'));
    await expect(waiting).rejects.toThrow('fermé');
    await expect(pool.acquire(never)).rejects.toThrow('fermé');
  });
});
