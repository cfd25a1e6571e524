// How many conversations the embedded engine generates at once, and how many tokens each may hold: what the
// administrator set (TUTEUR_LLM_PARALLEL, TUTEUR_LLM_CONTEXT_SIZE), or else as many as the free memory holds beside
// the model, at most MAX_DEFAULT_PARALLEL. The catalogue's memory estimate follows the same rule (sequenceShape).
//
// Why at most 8: on a CPU school server the batching gain of a memory-bound model is reached by 8 sequences
// (engine benchmark, bench/RESULTS.md: 8 ÷ 1 ≈ 1.2 on the 100M model, nothing more at 16), while each pupil's
// answer gets slower with every sequence added; further pupils wait in the scheduler's queue and are told
// their position. Why a reserve: the rest of the server (Node, SQLite's cache, the PDF and checkpoint
// workers), the system's file cache and the school's other services need memory too; a context that swaps is
// far slower than a pupil who waits.

export const MAX_DEFAULT_PARALLEL = 8;
/** Sequences when the context size is set but not their number; also the share that sizes each default sequence. */
export const DEFAULT_PARALLEL = 2;
/** The context the sequences share when no size is set (the model's own when smaller). */
export const MAX_DEFAULT_CONTEXT = 4096;
/** Below this a conversation cannot hold a system prompt, a question and an answer. */
export const MIN_SEQUENCE_CONTEXT = 256;

export interface SequenceShape {
  /** Conversations held at once; null when the engine takes as many as free memory holds (chooseParallel). */
  sequences: number | null;
  /** Tokens each conversation may hold. */
  perSequenceTokens: number;
}

/**
 * The embedded engine's rule, which the catalogue's memory estimate follows too. With TUTEUR_LLM_PARALLEL or
 * TUTEUR_LLM_CONTEXT_SIZE, that many sequences (2 when only the size is set) share the set context (the model's, at
 * most 4096 tokens, when only the count is set). Without either, each sequence keeps what it had when two shared
 * that default context, and their number comes from free memory: more pupils at once must not mean a shorter memory
 * of the conversation for each. Each gets at least MIN_SEQUENCE_CONTEXT tokens, never more than the model's context.
 */
export function sequenceShape(trainContext: number, settings: { parallel?: number; contextSize?: number }): SequenceShape {
  const share = (total: number, sequences: number) => Math.min(trainContext, Math.max(MIN_SEQUENCE_CONTEXT, Math.floor(total / sequences)));
  const defaultContext = Math.min(trainContext, MAX_DEFAULT_CONTEXT);
  if (settings.parallel === undefined && settings.contextSize === undefined) {
    return { sequences: null, perSequenceTokens: share(defaultContext, DEFAULT_PARALLEL) };
  }
  const sequences = Math.max(1, Math.floor(settings.parallel ?? DEFAULT_PARALLEL));
  return { sequences, perSequenceTokens: share(settings.contextSize ?? defaultContext, sequences) };
}
/** Kept free for the rest of the server and the system: this much at least, or this share of what is available. */
export const MEMORY_RESERVE_BYTES = 1.5 * 1024 ** 3;
export const MEMORY_RESERVE_SHARE = 0.2;

export interface ParallelChoice {
  parallel: number;
  /** Memory the context may take: available memory, less the model and the reserve. */
  budgetBytes: number;
  /** What the chosen context needs (its key/value cache and compute buffers). */
  neededBytes: number;
}

export async function chooseParallel(input: {
  /** Memory the system can still give (process.availableMemory(): cgroup limits included). */
  availableBytes: number;
  /** The model's weights in memory: mapped from the file, so not yet counted as used. */
  modelBytes: number;
  /** Memory of a context of `sequences` sequences (node-llama-cpp's estimate, or ours from the GGUF header). */
  contextBytes: (sequences: number) => Promise<number> | number;
  max?: number;
  reserveBytes?: number;
}): Promise<ParallelChoice> {
  const max = Math.max(1, Math.floor(input.max ?? MAX_DEFAULT_PARALLEL));
  const reserve = input.reserveBytes ?? Math.max(MEMORY_RESERVE_BYTES, input.availableBytes * MEMORY_RESERVE_SHARE);
  const budgetBytes = Math.max(0, Math.floor(input.availableBytes - input.modelBytes - reserve));
  let neededBytes = 0;
  for (let sequences = max; sequences >= 1; sequences--) {
    neededBytes = await input.contextBytes(sequences);
    if (neededBytes <= budgetBytes) return { parallel: sequences, budgetBytes, neededBytes };
  }
  // Not even one fits by the estimate: one is tried all the same (the estimate is cautious, and a school with a
  // model too big for its server is told so by the load error rather than by a silent refusal here).
  return { parallel: 1, budgetBytes, neededBytes };
}
