// Which tokens llama.cpp evaluates in the next batch, when the sequences of the context want more than a batch
// holds (several pupils asking at once, or a long prompt beside running answers).
//
// node-llama-cpp offers two orders. "maximumParallelism" (its default) splits the batch evenly: eight prompts
// asked together are each evaluated a slice per batch, so every pupil waits for the last prompt before any sees
// a word. "firstInFirstOut" evaluates prompts in arrival order, but a long prompt then fills whole batches while
// the running answers get no token at all: their pupils watch a frozen answer for the length of that prompt.
// This order takes the good half of each: every waiting sequence first advances by one token (a running answer
// never stalls, and it costs a slot per sequence), then the rest of the batch goes to whole prompts in arrival
// order, which our scheduler already made fair between pupils. Measured with the engine benchmark (bench/RESULTS.md).
import type { BatchItem, PrioritizedBatchItem } from 'node-llama-cpp';

export function stepsThenArrivalOrder({ items, size }: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] {
  // A higher evaluation priority goes first, as in node-llama-cpp's own orders; the sort is stable, so arrival
  // order is kept among equals (the items come in the order they were queued).
  const ordered = [...items].sort((a, b) => b.evaluationPriority - a.evaluationPriority);
  const planned: PrioritizedBatchItem[] = [];
  let left = size;
  for (const item of ordered) {
    if (left === 0) break;
    if (item.tokens.length === 0) continue;
    planned.push({ item, processAmount: 1 });
    left -= 1;
  }
  for (const entry of planned) {
    if (left === 0) break;
    const more = Math.min(entry.item.tokens.length - entry.processAmount, left);
    entry.processAmount += more;
    left -= more;
  }
  return planned;
}
