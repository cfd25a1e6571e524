import { describe, expect, it } from 'vitest';
import { estimateMemory } from './gguf-metadata.ts';

const FILE = 4_000_000_000;
/** Mistral 7B: 32 layers × 8 KV heads × 128 × 2 (keys, values) × 2 bytes. */
const KV_PER_TOKEN = 131_072;

describe('estimateMemory, as the embedded engine allocates', () => {
  it('without either setting: each sequence keeps half the model context (at most 4096), as many as the engine chose', () => {
    expect(estimateMemory(FILE, KV_PER_TOKEN, 32768, { chosenParallel: 6 })).toEqual({ bytes: FILE + KV_PER_TOKEN * 2048 * 6, sequences: 6, contextTokens: 2048 });
    // Before the engine has chosen (model not loaded yet): the two sequences of the former default.
    expect(estimateMemory(FILE, KV_PER_TOKEN, 2048)).toEqual({ bytes: FILE + KV_PER_TOKEN * 1024 * 2, sequences: 2, contextTokens: 1024 });
  });

  it('with TUTEUR_LLM_PARALLEL or TUTEUR_LLM_CONTEXT_SIZE: they share the set context, whatever the engine chose', () => {
    expect(estimateMemory(FILE, KV_PER_TOKEN, 32768, { parallel: 4, chosenParallel: 6 })).toMatchObject({ sequences: 4, contextTokens: 1024 });
    expect(estimateMemory(FILE, KV_PER_TOKEN, 32768, { contextSize: 8192, chosenParallel: 6 })).toMatchObject({ sequences: 2, contextTokens: 4096 });
    expect(estimateMemory(FILE, KV_PER_TOKEN, 2048, { parallel: 32 })).toMatchObject({ sequences: 32, contextTokens: 256 });
  });

  it('knows nothing without the file size', () => {
    expect(estimateMemory(null, KV_PER_TOKEN, 4096)).toBeNull();
  });
});
