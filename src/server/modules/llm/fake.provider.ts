// A deterministic stand-in for a language model, for HTTP tests and the serving-overhead benchmark:
// it streams given tokens with the real provider's contract (order, maxTokens, abort, parallel slots).

import {
  LlmUnavailableError,
  type GenerateRequest,
  type GenerateResult,
  type LlmProvider,
  type LlmStatus,
} from './llm.types.ts';
import { createSlotPool } from './slot-pool.ts';

export interface FakeProviderOptions {
  /** What to stream, one onToken call per item; a function can answer from the request. */
  tokens?: readonly string[] | ((request: GenerateRequest) => readonly string[]);
  /** Pause before each token, to mimic generation speed; 0 streams everything at once. */
  delayMs?: number;
  /** Generations at once; further calls wait their turn like on the real backend. Default 2. */
  parallel?: number;
}

const DEFAULT_TOKENS = ['Bonjour', ' !', ' Que', ' sais', '-tu', ' déjà', ' sur', ' cet', ' exercice', ' ?'];

export function createFakeProvider(options: FakeProviderOptions = {}): LlmProvider {
  const { tokens = DEFAULT_TOKENS, delayMs = 0 } = options;
  const parallel = Math.max(1, Math.floor(options.parallel ?? 2));
  const pool = createSlotPool(Array.from({ length: parallel }, (_, i) => i));
  const closing = new AbortController();
  const running = new Set<Promise<GenerateResult>>();
  const status: LlmStatus = { state: 'ready', modelName: 'fake', contextSize: 4096, parallel, backend: 'fake' };

  async function stream(request: GenerateRequest): Promise<GenerateResult> {
    const signal = AbortSignal.any([request.signal, closing.signal]);
    const slot = await pool.acquire(signal);
    if (slot === undefined) return { text: '', finishReason: 'aborted', tokenCount: 0 };
    try {
      const all = typeof tokens === 'function' ? tokens(request) : tokens;
      let text = '';
      let tokenCount = 0;
      for (const token of all) {
        if (tokenCount >= request.maxTokens) return { text, finishReason: 'length', tokenCount };
        if (delayMs > 0) await sleep(delayMs, signal);
        if (signal.aborted) return { text, finishReason: 'aborted', tokenCount };
        text += token;
        tokenCount++;
        request.onToken(token);
      }
      return { text, finishReason: 'stop', tokenCount };
    } finally {
      pool.release(slot);
    }
  }

  return {
    status: () => (closing.signal.aborted ? { state: 'none' } : { ...status }),
    parallel,
    async generate(request) {
      if (closing.signal.aborted) throw new LlmUnavailableError();
      const run = stream(request);
      running.add(run);
      try {
        return await run;
      } finally {
        running.delete(run);
      }
    },
    async close() {
      closing.abort();
      pool.close(new LlmUnavailableError());
      await Promise.allSettled(running);
    },
  };
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
