// Measures how fast a loaded model generates on this machine for a given thread count, and picks the
// thread count to configure. The best count depends on the model and on the load: a tiny model is
// overhead-bound and runs fastest on one thread; a large, memory-bound one uses more cores, and more so when
// a class asks at once (several conversations batched together: 1 or 2 threads gave the 100M benchmark model
// about the same speed for one conversation, while 2 were 1.1 to 1.6 times faster for eight). Only a measurement tells.
import { performance } from 'node:perf_hooks';
import type { LlamaModel } from 'node-llama-cpp';

export interface SpeedSample {
  threads: number;
  /** Generated tokens per second for one conversation, after the first token. */
  tokensPerSecond: number;
  /** Time to evaluate the short prompt and produce the first token. */
  firstTokenMs: number;
  /** Tokens timed (the first one excluded). */
  tokens: number;
  /** Aggregate tokens per second of BATCH_CONVERSATIONS conversations generating together (a busy class), when measured. */
  batchTokensPerSecond?: number;
}

/** Conversations of the batch measurement: the embedded engine's default maximum (parallel.ts). */
export const BATCH_CONVERSATIONS = 8;
const BATCH_PROMPT_TOKENS = 4;

export interface SpeedBudget {
  /** Stop after this many generated tokens... */
  maxTokens: number;
  /** ...or after this long generating, whichever comes first. */
  maxMs: number;
}

const PROMPT = 'Il était une fois, dans un petit collège au bord de la mer, une élève qui aimait les mathématiques.';
/** Enough room for the prompt and a few hundred tokens; a bigger context would only cost memory here. */
const MAX_CONTEXT = 1024;

/** Generates greedily from a short prompt on a fresh single-sequence context with `threads` threads. */
export async function measureGenerationSpeed(model: LlamaModel, threads: number, budget: SpeedBudget): Promise<SpeedSample> {
  const contextSize = Math.min(model.trainContextSize, MAX_CONTEXT);
  const context = await model.createContext({ contextSize, sequences: 1, threads });
  try {
    const sequence = context.getSequence();
    const prompt = model.tokenize(PROMPT).slice(0, Math.floor(contextSize / 2));
    const wanted = Math.max(1, Math.min(budget.maxTokens, contextSize - prompt.length - 1));
    const started = performance.now();
    let firstAt = 0;
    let lastAt = 0;
    let count = 0;
    for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
      count += 1;
      lastAt = performance.now();
      if (count === 1) firstAt = lastAt;
      // One token beyond the first at least, so a rate can be computed even on a very slow machine.
      if (count > wanted || (count > 1 && lastAt - firstAt >= budget.maxMs)) break;
    }
    const timed = count - 1;
    const seconds = (lastAt - firstAt) / 1000;
    return { threads, tokensPerSecond: timed > 0 && seconds > 0 ? timed / seconds : 0, firstTokenMs: firstAt - started, tokens: timed };
  } finally {
    await context.dispose();
  }
}

/**
 * Aggregate speed of `sequences` conversations generating together on one context with `threads` threads, as
 * the engine does for a class; stops after `maxTokens` each or `maxMs` in all.
 */
async function measureBatchSpeed(model: LlamaModel, threads: number, budget: SpeedBudget & { sequences?: number }): Promise<number> {
  const sequences = budget.sequences ?? BATCH_CONVERSATIONS;
  const contextSize = Math.min(model.trainContextSize, 256);
  const context = await model.createContext({ sequences, contextSize, threads });
  try {
    // A few tokens of prompt: this measures generation, and eight prompts read at one thread by a 7B model would
    // take minutes before the first token.
    const prompt = model.tokenize(PROMPT).slice(0, BATCH_PROMPT_TOKENS);
    const wanted = Math.max(1, Math.min(budget.maxTokens, contextSize - prompt.length - 1));
    const started = performance.now();
    let total = 0;
    await Promise.all(
      Array.from({ length: sequences }, async () => {
        const sequence = context.getSequence();
        let count = 0;
        for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
          if (++count >= wanted || performance.now() - started > budget.maxMs) break;
        }
        total += count;
      }),
    );
    return (total / (performance.now() - started)) * 1000;
  } finally {
    await context.dispose();
  }
}

/** One thread count measured both ways: one conversation, then a class batched together (what chooseThreads weighs). */
export async function measureThreadCount(model: LlamaModel, threads: number, budgets: { single: SpeedBudget; batch: SpeedBudget }): Promise<SpeedSample> {
  const single = await measureGenerationSpeed(model, threads, budgets.single);
  return { ...single, batchTokensPerSecond: await measureBatchSpeed(model, threads, budgets.batch) };
}

/** Thread counts worth trying on a machine with `cores` cores: one, half, all. */
export function threadCandidates(cores: number): number[] {
  const all = Math.max(1, Math.floor(cores));
  return [...new Set([1, Math.max(1, Math.floor(all / 2)), all])];
}

/** Within this fraction of the fastest, fewer threads win: they leave cores to the web server and the database. */
const CLOSE_ENOUGH = 0.05;

/**
 * The thread count to configure: the fastest, or a smaller one nearly as fast. With batch measurements, fast
 * means fast both for one pupil and for a class: each count is judged by the worse of its two speeds, each
 * relative to the best count for it, so a count that halves one of them is never chosen for the other.
 */
export function chooseThreads(samples: readonly SpeedSample[]): number {
  if (samples.length === 0) throw new Error('chooseThreads: no measurement');
  const bestSingle = Math.max(...samples.map((s) => s.tokensPerSecond));
  const batch = samples.every((s) => s.batchTokensPerSecond !== undefined) ? samples.map((s) => s.batchTokensPerSecond ?? 0) : null;
  const bestBatch = batch ? Math.max(...batch) : 0;
  const score = (s: SpeedSample, i: number) => {
    const single = bestSingle > 0 ? s.tokensPerSecond / bestSingle : 0;
    return batch && bestBatch > 0 ? Math.min(single, batch[i]! / bestBatch) : single;
  };
  const scores = samples.map(score);
  const best = Math.max(...scores);
  const good = samples.filter((_, i) => scores[i]! >= best * (1 - CLOSE_ENOUGH));
  return Math.min(...good.map((s) => s.threads));
}
