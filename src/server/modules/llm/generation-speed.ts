// Measures how fast a loaded model generates on this machine for a given thread count, and picks the
// thread count to configure. The best count depends on the model: a tiny model is overhead-bound and
// runs fastest on one thread; a large, memory-bound one uses every core. Only a measurement tells.
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
}

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

/** Thread counts worth trying on a machine with `cores` cores: one, half, all. */
export function threadCandidates(cores: number): number[] {
  const all = Math.max(1, Math.floor(cores));
  return [...new Set([1, Math.max(1, Math.floor(all / 2)), all])];
}

/** Within this fraction of the fastest, fewer threads win: they leave cores to the web server and the database. */
const CLOSE_ENOUGH = 0.05;

/** The thread count to configure: the fastest, or a smaller one nearly as fast. */
export function chooseThreads(samples: readonly SpeedSample[]): number {
  if (samples.length === 0) throw new Error('chooseThreads: no measurement');
  const best = Math.max(...samples.map((s) => s.tokensPerSecond));
  const good = samples.filter((s) => s.tokensPerSecond >= best * (1 - CLOSE_ENOUGH));
  return Math.min(...good.map((s) => s.threads));
}
