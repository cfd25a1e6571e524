import { describe, expect, it } from 'vitest';
import { chooseParallel, MAX_DEFAULT_PARALLEL, MEMORY_RESERVE_BYTES, MEMORY_RESERVE_SHARE, sequenceShape } from './parallel.ts';

const GiB = 1024 ** 3;
/** A context whose memory grows by `perSequence` for each sequence, plus shared compute buffers. */
const linear = (perSequence: number, shared = 0.2 * GiB) => (sequences: number) => shared + perSequence * sequences;

describe('chooseParallel', () => {
  it('takes the most sequences, up to 8, when a big server has memory to spare', async () => {
    const choice = await chooseParallel({ availableBytes: 22 * GiB, modelBytes: 4.1 * GiB, contextBytes: linear(0.25 * GiB) });
    expect(choice.parallel).toBe(MAX_DEFAULT_PARALLEL);
    expect(choice.neededBytes).toBeLessThanOrEqual(choice.budgetBytes);
  });

  it('takes what fits beside the model and the reserve on a small server', async () => {
    // 8 GiB free, a 4.1 GiB model: 8 − 4.1 − 1.6 (a fifth) = 2.3 GiB for the context; 1 GiB per sequence (Llama 2 7B, 2048 tokens).
    const choice = await chooseParallel({ availableBytes: 8 * GiB, modelBytes: 4.1 * GiB, contextBytes: linear(1 * GiB) });
    expect(choice.parallel).toBe(2);
    expect(choice.budgetBytes).toBeCloseTo(8 * GiB - 4.1 * GiB - 8 * GiB * MEMORY_RESERVE_SHARE, -3);
  });

  it('keeps at least 1.5 GiB, or a fifth of the available memory on a big server', async () => {
    const small = await chooseParallel({ availableBytes: 6 * GiB, modelBytes: 1 * GiB, contextBytes: linear(0.1 * GiB) });
    expect(small.budgetBytes).toBeCloseTo(6 * GiB - 1 * GiB - MEMORY_RESERVE_BYTES, -3);
    // 40 GiB free, 30 GiB of model (a 70B quantised): 2 GiB left after keeping 8, so two 0.9 GiB sequences, not eleven.
    const big = await chooseParallel({ availableBytes: 40 * GiB, modelBytes: 30 * GiB, contextBytes: linear(0.9 * GiB, 0) });
    expect(big).toMatchObject({ parallel: 2 });
    expect(big.budgetBytes).toBeCloseTo(2 * GiB, -3);
  });

  it('tries one sequence when even one does not fit by the estimate', async () => {
    const choice = await chooseParallel({ availableBytes: 4 * GiB, modelBytes: 4.1 * GiB, contextBytes: linear(1 * GiB) });
    expect(choice).toMatchObject({ parallel: 1, budgetBytes: 0 });
  });

  it('follows the estimate of each size, not a multiple of one (compute buffers grow with the batch)', async () => {
    const estimates = new Map([[1, 1 * GiB], [2, 2.5 * GiB], [3, 5 * GiB], [4, 9 * GiB]]);
    const asked: number[] = [];
    const choice = await chooseParallel({
      availableBytes: 10 * GiB,
      modelBytes: 2 * GiB,
      reserveBytes: 1 * GiB,
      max: 4,
      contextBytes: async (n) => {
        asked.push(n);
        return estimates.get(n)!;
      },
    });
    expect(choice.parallel).toBe(3);
    expect(asked).toEqual([4, 3]);
  });
});

describe('sequenceShape', () => {
  it('without settings: the count comes from free memory, each keeps half the default context', () => {
    expect(sequenceShape(32768, {})).toEqual({ sequences: null, perSequenceTokens: 2048 });
    expect(sequenceShape(2048, {})).toEqual({ sequences: null, perSequenceTokens: 1024 });
  });

  it('with settings: that many share the set context, at least 256 tokens each, never more than the model holds', () => {
    expect(sequenceShape(32768, { parallel: 4 })).toEqual({ sequences: 4, perSequenceTokens: 1024 });
    expect(sequenceShape(32768, { contextSize: 8192 })).toEqual({ sequences: 2, perSequenceTokens: 4096 });
    expect(sequenceShape(2048, { parallel: 32 })).toEqual({ sequences: 32, perSequenceTokens: 256 });
    expect(sequenceShape(512, { parallel: 1, contextSize: 4096 })).toEqual({ sequences: 1, perSequenceTokens: 512 });
  });
});
