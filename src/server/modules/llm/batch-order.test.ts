import type { BatchItem, EvaluationPriority, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { stepsThenArrivalOrder } from './batch-order.ts';

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
});
