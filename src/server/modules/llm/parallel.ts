// How many conversations the embedded engine generates at once when the administrator has not said
// (TUTEUR_LLM_PARALLEL): as many as the free memory holds beside the model, at most MAX_DEFAULT_PARALLEL.
//
// Why at most 8: on a CPU school server the batching gain of a memory-bound model is reached by 8 sequences
// (engine benchmark, bench/RESULTS.md: 8 ÷ 1 ≈ 1.2 on the 100M model, nothing more at 16), while each pupil's
// answer gets slower with every sequence added; further pupils wait in the scheduler's queue and are told
// their position. Why a reserve: the rest of the server (Node, SQLite's cache, the PDF and checkpoint
// workers), the system's file cache and the school's other services need memory too; a context that swaps is
// far slower than a pupil who waits.

export const MAX_DEFAULT_PARALLEL = 8;
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
