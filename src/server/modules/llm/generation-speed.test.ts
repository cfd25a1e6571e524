// Choosing the thread count from measurements (the measurement itself runs in `tuteur model check`'s tests).
import { describe, expect, it } from 'vitest';
import { chooseThreads, threadCandidates, type SpeedSample } from './generation-speed.ts';

const sample = (threads: number, tokensPerSecond: number): SpeedSample => ({ threads, tokensPerSecond, firstTokenMs: 1, tokens: 10 });

describe('thread count', () => {
  it('tries one thread, half the cores and all of them', () => {
    expect(threadCandidates(1)).toEqual([1]);
    expect(threadCandidates(2)).toEqual([1, 2]);
    expect(threadCandidates(8)).toEqual([1, 4, 8]);
    expect(threadCandidates(7)).toEqual([1, 3, 7]);
  });

  it('picks the fastest, or fewer threads when nearly as fast', () => {
    // A tiny model on a small machine: one thread wins outright.
    expect(chooseThreads([sample(1, 2100), sample(2, 660)])).toBe(1);
    // A memory-bound model: every core helps.
    expect(chooseThreads([sample(1, 6), sample(4, 19), sample(8, 24)])).toBe(8);
    // Within 5 %: the smaller count leaves cores to the web server and the database.
    expect(chooseThreads([sample(1, 6), sample(4, 23), sample(8, 24)])).toBe(4);
    expect(() => chooseThreads([])).toThrow();
  });

  it('with a class measured too, picks the count good for one pupil and for many', () => {
    const both = (threads: number, single: number, batch: number): SpeedSample => ({ ...sample(threads, single), batchTokensPerSecond: batch });
    // The 100M benchmark model on 2 cores (bench/RESULTS.md): the same for one conversation, 1.6× faster for eight with 2 threads.
    expect(chooseThreads([both(1, 41.7, 49.2), both(2, 40.1, 76.9)])).toBe(2);
    // stories260K: one thread wins both ways.
    expect(chooseThreads([both(1, 719, 1956), both(2, 69, 103)])).toBe(1);
    // A count that would cost one pupil 40 % is not chosen for a 50 % gain with many: the worse ratio decides.
    expect(chooseThreads([both(1, 10, 20), both(2, 6, 30)])).toBe(1);
    // Without a batch measurement for every count, the single-conversation rule applies.
    expect(chooseThreads([both(1, 41.7, 49.2), sample(2, 40.1)])).toBe(1);
  });
});
