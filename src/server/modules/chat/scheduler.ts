// Admission in front of the model: at most `concurrency` answers run at once, the others wait in a
// bounded FIFO queue and are told their position whenever it changes. A pupil has at most one answer
// in flight (enforced by the chat service, across instances by a database lease), so FIFO order is also
// fair between pupils.
//
// The queue is this instance's, in front of this instance's slots: the position shown is exact when those
// slots are the instance's own (embedded engine) or its share of a shared pool of model servers (each
// instance configured with capacity ÷ instances, docs/deploiement.md). Nothing here must survive the
// process: a waiting pupil whose instance dies sees its stream cut, keeps its stored question and retries.

export class QueueFullError extends Error {
  constructor() {
    super('File d’attente pleine.');
    this.name = 'QueueFullError';
  }
}

interface Waiter {
  onPosition: (position: number) => void;
  grant: () => void;
  reject: (error: unknown) => void;
}

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));

export interface Scheduler {
  /** Resolves with a release function once a slot is free; rejects QueueFullError or the abort reason. */
  acquire(signal: AbortSignal, onPosition: (position: number) => void): Promise<() => void>;
  isFull(): boolean;
  stats(): { running: number; queued: number };
}

export function createScheduler(options: {
  /** The model's slots; a function when they change while serving (the embedded engine sizes its context once loaded, a pool of servers follows their health). */
  concurrency: number | (() => number);
  maxQueue: number;
}): Scheduler {
  const concurrency = typeof options.concurrency === 'number' ? () => options.concurrency as number : options.concurrency;
  let running = 0;
  const queue: Waiter[] = [];

  const announcePositions = () => queue.forEach((waiter, index) => waiter.onPosition(index + 1));

  function release(): void {
    running -= 1;
    let granted = false;
    // More than one when the slots grew meanwhile.
    for (let next = queue.at(0); next && running < concurrency(); next = queue.at(0)) {
      queue.shift();
      running += 1;
      next.grant();
      granted = true;
    }
    if (granted) announcePositions();
  }

  function makeRelease(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  return {
    acquire(signal, onPosition) {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      if (running < concurrency() && queue.length === 0) {
        running += 1;
        return Promise.resolve(makeRelease());
      }
      if (queue.length >= options.maxQueue) return Promise.reject(new QueueFullError());
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) {
            queue.splice(index, 1);
            announcePositions();
          }
          reject(abortReason(signal));
        };
        const waiter: Waiter = {
          onPosition,
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(makeRelease());
          },
          reject,
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        onPosition(queue.length);
      });
    },
    isFull: () => running >= concurrency() && queue.length >= options.maxQueue,
    stats: () => ({ running, queued: queue.length }),
  };
}
