import type { BatchItem, EvaluationPriority, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { createBatchOrder, PROMPT_TOKENS_WHILE_ANSWERING, stepsThenArrivalOrder } from './batch-order.ts';

const item = (tokens: number, evaluationPriority: EvaluationPriority = 5): BatchItem => ({
  tokens: Array.from({ length: tokens }, (_, i) => i as Token),
  logits: [],
  evaluationPriority,
});

/** Tokens given to each item, in the order of `items` (0 when left out of the batch). */
function amounts(items: BatchItem[], size: number): number[] {
  const planned = stepsThenArrivalOrder({ items, size });
  return items.map((i) => planned.find((p) => p.item === i)?.processAmount ?? 0);
}

describe('stepsThenArrivalOrder', () => {
  it('evaluates prompts whole in arrival order, so the first pupil is not held back by the last', () => {
    // Eight prompts of 119 tokens in a batch of 512: each gets its first token, then the earliest are completed.
    const prompts = Array.from({ length: 8 }, () => item(119));
    expect(amounts(prompts, 512)).toEqual([119, 119, 119, 119, 33, 1, 1, 1]);
  });

  it('never stalls a running answer behind a long prompt that arrived first', () => {
    const longPrompt = item(2000);
    const answers = [item(1), item(1), item(1)];
    expect(amounts([longPrompt, ...answers], 512)).toEqual([509, 1, 1, 1]);
  });

  it('fills the batch exactly and references the given items', () => {
    const items = [item(300), item(1), item(50), item(400)];
    const planned = stepsThenArrivalOrder({ items, size: 512 });
    expect(planned.reduce((sum, p) => sum + p.processAmount, 0)).toBe(512);
    for (const p of planned) expect(items).toContain(p.item);
    expect(amounts(items, 512)).toEqual([300, 1, 50, 161]);
  });

  it('gives what fits when the sequences outnumber the batch, higher evaluation priority first', () => {
    const items = [item(10, 1), item(10, 5), item(10, 3)];
    expect(amounts(items, 2)).toEqual([0, 1, 1]);
  });

  it('takes everything when the batch has room', () => {
    expect(amounts([item(3), item(1), item(7)], 512)).toEqual([3, 1, 7]);
  });

  it('skips an item without tokens', () => {
    expect(stepsThenArrivalOrder({ items: [item(0)], size: 16 })).toEqual([]);
  });

  it('gives prompts at most the budget beyond one token per sequence', () => {
    expect(amounts([item(300), item(1), item(300)], 512)).toEqual([300, 1, 211]);
    expect(stepsThenArrivalOrder({ items: [item(300), item(1), item(300)], size: 512 }, 128).map((p) => p.processAmount)).toEqual([129, 1, 1]);
  });
});

describe('createBatchOrder', () => {
  const prompts = () => Array.from({ length: 8 }, () => item(119));
  const planned = (order: ReturnType<typeof createBatchOrder>, items: BatchItem[]) => order.strategy({ items, size: 512 }).map((p) => p.processAmount);

  it('fills the batch with prompts while no answer is being streamed (pupils asking together)', () => {
    expect(planned(createBatchOrder(), prompts())).toEqual([119, 119, 119, 119, 33, 1, 1, 1]);
  });

  it('limits prompt tokens while an answer is streamed, even when its next step is not queued yet', () => {
    const order = createBatchOrder();
    const ended = order.answerStarted();
    // The answer's next token is not in this batch: prompts alone would have filled it and kept the answer waiting.
    const amounts = planned(order, prompts());
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(8 + PROMPT_TOKENS_WHILE_ANSWERING);
    expect(amounts).toEqual([119, 11, 1, 1, 1, 1, 1, 1]);
    ended();
    ended(); // ending twice counts once
    expect(planned(order, prompts())).toEqual([119, 119, 119, 119, 33, 1, 1, 1]);
  });

  it('keeps the limit until the last streamed answer ends', () => {
    const order = createBatchOrder(64);
    const first = order.answerStarted();
    const second = order.answerStarted();
    first();
    expect(planned(order, [item(500)])).toEqual([65]);
    second();
    expect(planned(order, [item(500)])).toEqual([500]);
  });
});
