// The grammar-constrained verdict on the embedded engine, with a tiny random-weight model written for the test:
// whatever the weights, the answer must be JSON of the verdict's shape. Only the structure is checked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppProvider, type LlamaCppProvider } from '../llm/llama-cpp.provider.ts';
import { writeTinyLlamaGguf } from '../llm/testing/tiny-gguf.ts';
import { CATEGORIES } from './categories.ts';
import { MODERATION_VERDICT_JSON_SCHEMA, buildModerationPrompt } from './second-opinion.ts';

let dir: string;
let llm: LlamaCppProvider;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuteur-verdict-'));
  const modelPath = path.join(dir, 'tiny.gguf');
  await writeTinyLlamaGguf(modelPath, { seed: 5 });
  llm = createLlamaCppProvider({ modelPath, threads: 1, parallel: 1 });
  await llm.ready();
}, 30_000);

afterAll(async () => {
  await llm?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('grammar-constrained verdict (llama.cpp, tiny GGUF)', () => {
  it.each(['je veux tout arrêter', 'Dans Phèdre, pourquoi elle se tue ?', 't’es qu’un gros nul'])('answers "%s" with JSON of the verdict schema', async (text) => {
    const result = await llm.generate({
      messages: buildModerationPrompt(text, ['self_harm']),
      maxTokens: 400,
      signal: AbortSignal.timeout(20_000),
      onToken: () => undefined,
      json: { name: 'moderation_verdict', schema: MODERATION_VERDICT_JSON_SCHEMA },
    });
    expect(result.finishReason).toBe('stop');
    const verdict = JSON.parse(result.text) as Record<string, unknown>;
    expect(Object.keys(verdict).sort()).toEqual(['categories', 'confidence']);
    expect(Array.isArray(verdict.categories)).toBe(true);
    for (const c of verdict.categories as unknown[]) expect(CATEGORIES).toContain(c);
    expect(typeof verdict.confidence).toBe('number');
  }, 30_000);

  it('leaves an unconstrained request free-form', async () => {
    const result = await llm.generate({
      messages: [{ role: 'user', content: 'Bonjour' }],
      maxTokens: 8,
      signal: AbortSignal.timeout(20_000),
      onToken: () => undefined,
    });
    expect(result.tokenCount).toBeGreaterThan(0);
    expect(() => JSON.parse(result.text) as unknown).toThrow();
  }, 30_000);
});
