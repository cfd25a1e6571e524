// Which tokens llama.cpp evaluates in the next batch, when the sequences of the context want more than a batch
// holds (several pupils asking at once, or a long prompt beside running answers).
//
// node-llama-cpp offers two orders. "maximumParallelism" (its default) splits the batch evenly: eight prompts
// asked together are each evaluated a slice per batch, so every pupil waits for the last prompt before any sees
// a word. "firstInFirstOut" evaluates prompts in arrival order, but a long prompt then fills whole batches while
// the running answers get no token at all: their pupils watch a frozen answer for the length of that prompt.
// This order takes the good half of each: every waiting sequence first advances by one token, then the rest of
// the batch goes to whole prompts in arrival order, which our scheduler already made fair between pupils.
//
// A running answer's next step is often not queued yet when a batch is formed (node-llama-cpp starts the next
// batch as soon as one ends, before the answer has asked for its next token): the first rule alone let an answer
// pause 7.4 s on the 100M benchmark model while seven classmates' prompts were read. So while answers are being
// streamed, a batch takes at most PROMPT_TOKENS_WHILE_ANSWERING prompt tokens: an answer waits for that many at
// most, and the prompts still go in arrival order, a little later for the last arrivals. Measured with the engine
// benchmark and probes (bench/RESULTS.md).
import type { BatchItem, CustomBatchingPrioritizationStrategy, PrioritizedBatchItem } from 'node-llama-cpp';

/** A quarter of node-llama-cpp's usual 512-token batch. */
export const PROMPT_TOKENS_WHILE_ANSWERING = 128;

export function stepsThenArrivalOrder(
  { items, size }: { items: readonly BatchItem[]; size: number },
  /** Tokens the batch may give beyond one per sequence (prompts, in arrival order). */
  promptBudget = Number.POSITIVE_INFINITY,
): PrioritizedBatchItem[] {
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
  left = Math.min(left, promptBudget);
  for (const entry of planned) {
    if (left === 0) break;
    const more = Math.min(entry.item.tokens.length - entry.processAmount, left);
    entry.processAmount += more;
    left -= more;
  }
  return planned;
}

export interface BatchOrder {
  strategy: CustomBatchingPrioritizationStrategy;
  /** A sequence started streaming its answer (its first token); call what it returns when the answer ends. */
  answerStarted(): () => void;
}

/** The order of one context, which knows whether answers are being streamed on it. */
export function createBatchOrder(promptTokensWhileAnswering = PROMPT_TOKENS_WHILE_ANSWERING): BatchOrder {
  let answering = 0;
  return {
    strategy: (batch) => stepsThenArrivalOrder(batch, answering > 0 ? promptTokensWhileAnswering : Number.POSITIVE_INFINITY),
    answerStarted() {
      answering += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        answering -= 1;
      };
    },
  };
}
