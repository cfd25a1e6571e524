// A fixed set of slots (context sequences) handed out first come, first served. Callers beyond the number
// of slots wait in order instead of failing; fairness between pupils is the scheduler's job, not this one's.

export interface SlotPool<T> {
  /** Resolves with a free slot, or undefined if `signal` aborts first. Rejects once the pool is closed. */
  acquire(signal: AbortSignal): Promise<T | undefined>;
  release(slot: T): void;
  /** Rejects every waiter with `error`, and every later acquire. */
  close(error: Error): void;
}

interface Waiter<T> {
  resolve: (slot: T | undefined) => void;
  reject: (error: Error) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

export function createSlotPool<T>(slots: readonly T[]): SlotPool<T> {
  const free = [...slots];
  const waiters: Waiter<T>[] = [];
  let closedWith: Error | undefined;

  return {
    acquire(signal) {
      if (closedWith) return Promise.reject(closedWith);
      if (signal.aborted) return Promise.resolve(undefined);
      const slot = free.shift();
      if (slot !== undefined) return Promise.resolve(slot);
      return new Promise<T | undefined>((resolve, reject) => {
        const waiter: Waiter<T> = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            resolve(undefined);
          },
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
      });
    },

    release(slot) {
      const next = waiters.shift();
      if (!next) {
        free.push(slot);
        return;
      }
      next.signal.removeEventListener('abort', next.onAbort);
      next.resolve(slot);
    },

    close(error) {
      closedWith = error;
      for (const waiter of waiters.splice(0)) {
        waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.reject(error);
      }
    },
  };
}
