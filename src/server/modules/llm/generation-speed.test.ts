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
});
