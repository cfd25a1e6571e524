// Runs the embedded backend on a tiny random-weight model written for the test: it checks behaviour
// (streaming, limits, abort, concurrency, isolation, failures), never what the model says.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppProvider, type LlamaCppProvider } from './llama-cpp.provider.ts';
import { LlmUnavailableError, type ChatTurn, type GenerateRequest, type LlmStatus } from './llm.types.ts';
import { writeTinyLlamaGguf } from './testing/tiny-gguf.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const storiesPath = path.resolve(repoRoot, '..', 'shared', 'models', 'stories260K.gguf');
const LOAD_TIMEOUT = 30_000;

let dir: string;
let modelPath: string;
let llm: LlamaCppProvider;
let statusBeforeLoad: LlmStatus;

function ask(question: string, overrides: Partial<GenerateRequest> = {}): GenerateRequest & { streamed: string[] } {
  const streamed: string[] = [];
  return {
    messages: [
      { role: 'system', content: 'Tu es un tuteur de mathématiques.' },
      { role: 'user', content: question },
    ],
    maxTokens: 12,
    signal: new AbortController().signal,
    onToken: (text) => streamed.push(text),
    streamed,
    ...overrides,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuteur-llm-'));
  modelPath = path.join(dir, 'tiny.gguf');
  await writeTinyLlamaGguf(modelPath, { seed: 11 });
  llm = createLlamaCppProvider({ modelPath, threads: 1, parallel: 2 });
  statusBeforeLoad = llm.status();
  await llm.ready();
}, LOAD_TIMEOUT);

afterAll(async () => {
  await llm?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('llama.cpp provider on a tiny GGUF', () => {
  it('loads asynchronously and uses the chat template stored in the model', () => {
    expect(statusBeforeLoad).toEqual({ state: 'loading', modelName: 'tiny.gguf' });
    expect(llm.status()).toMatchObject({ state: 'ready', modelName: 'tiny.gguf', parallel: 2, backend: 'llama.cpp (CPU)', chatFormat: 'ChatML' });
    const status = llm.status();
    expect(status.state === 'ready' && status.contextSize).toBeGreaterThanOrEqual(256);
    expect(llm.parallel).toBe(2);
  });

  it('streams decoded text as it is generated, within maxTokens', async () => {
    const request = ask('Combien font 3 × 4 ?');
    const result = await llm.generate(request);
    expect(request.streamed.length).toBeGreaterThan(0);
    expect(request.streamed.every((text) => text.length > 0)).toBe(true);
    expect(request.streamed.join('')).toBe(result.text);
    expect(result.tokenCount).toBeGreaterThan(0);
    expect(result.tokenCount).toBeLessThanOrEqual(12);
    expect(['stop', 'length']).toContain(result.finishReason);
  });

  it('stops promptly on abort and returns the partial text', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const request = ask('Explique les fractions.', {
      maxTokens: 5000,
      signal: controller.signal,
      onToken(text) {
        request.streamed.push(text);
        if (request.streamed.length === 3) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    const result = await llm.generate(request);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe(request.streamed.join(''));
    expect(request.streamed.length).toBeGreaterThanOrEqual(3);
    expect(result.tokenCount).toBeLessThan(50);
  });

  it('returns at once, with nothing generated, when aborted before starting', async () => {
    const request = ask('Bonjour', { signal: AbortSignal.abort() });
    expect(await llm.generate(request)).toEqual({ text: '', finishReason: 'aborted', tokenCount: 0 });
    expect(request.streamed).toEqual([]);
  });

  it('completes every call when more arrive than there are sequences', async () => {
    const requests = Array.from({ length: 5 }, (_, i) => ask(`Question numéro ${i} ?`, { maxTokens: 6 }));
    const results = await Promise.all(requests.map((request) => llm.generate(request)));
    results.forEach((result, i) => {
      expect(result.tokenCount).toBeGreaterThan(0);
      expect(result.text).toBe(requests[i]?.streamed.join(''));
    });
  });

  it('keeps conversations apart: concurrent or after one another, each answer is what it is alone', async () => {
    const questions = ['Qu’est-ce qu’un verbe ?', 'Why is the sky blue?'];
    const alone: string[] = [];
    for (const question of questions) alone.push((await llm.generate(ask(question))).text);
    expect(alone[0]).not.toBe(alone[1]);

    const together = await Promise.all(questions.map((question) => llm.generate(ask(question))));
    expect(together.map((r) => r.text)).toEqual(alone);
    // Sequences are reused: the first question again must not be affected by what ran before on its sequence.
    expect((await llm.generate(ask(questions[0] ?? ''))).text).toBe(alone[0]);
  });

  it('answers a conversation longer than the context by dropping its oldest turns', async () => {
    const messages: ChatTurn[] = [{ role: 'system', content: 'Tu es un tuteur.' }];
    for (let i = 0; i < 120; i++) {
      messages.push({ role: 'user', content: `Question ${i} : que vaut ${i} + ${i} ? Je ne comprends pas la leçon.` });
      messages.push({ role: 'assistant', content: `Réfléchis : ${i} + ${i}, c’est deux fois ${i}.` });
    }
    messages.push({ role: 'user', content: 'Et la dernière question ?' });
    const request = ask('', { messages, maxTokens: 8 });
    const result = await llm.generate(request);
    expect(result.tokenCount).toBeGreaterThan(0);
    expect(result.text).toBe(request.streamed.join(''));
  });

  it('after close, stops running generations and refuses new ones', async () => {
    const provider = createLlamaCppProvider({ modelPath, threads: 1, parallel: 1 });
    await provider.ready();
    const running = provider.generate(ask('Bonjour', { maxTokens: 100_000 }));
    const waiting = provider.generate(ask('Bonjour', { maxTokens: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await provider.close();
    expect((await running).finishReason).toBe('aborted');
    expect((await waiting).finishReason).toBe('aborted');
    await expect(provider.generate(ask('Encore ?'))).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(provider.status()).toEqual({ state: 'none' });
  }, LOAD_TIMEOUT);
});

describe('llama.cpp provider without TUTEUR_LLM_PARALLEL', () => {
  const GiB = 1024 ** 3;
  const withMemory = async (availableBytes: number, extra: { contextSize?: number } = {}) => {
    const chosen: object[] = [];
    const logger = { info: (obj: object, msg: string) => msg.includes('parallel') && chosen.push(obj), warn() {}, error() {} };
    const provider = createLlamaCppProvider({ modelPath, threads: 1, availableMemory: () => availableBytes, logger, ...extra });
    await provider.ready();
    return { provider, chosen };
  };

  it('generates as many conversations at once as free memory holds, at most 8, each with the context of the former default', async () => {
    const { provider, chosen } = await withMemory(64 * GiB);
    try {
      const status = provider.status();
      expect(status).toMatchObject({ state: 'ready', parallel: 8 });
      expect(provider.parallel).toBe(8);
      // Each of the 8 keeps what it had when two sequences shared the model's context (2048 tokens for this model).
      expect(status.state === 'ready' && status.contextSize).toBe(1024);
      expect(chosen).toEqual([expect.objectContaining({ parallel: 8 })]);
      const answers = await Promise.all(Array.from({ length: 8 }, () => provider.generate(ask('Bonjour', { maxTokens: 4 }))));
      for (const answer of answers) expect(answer.tokenCount).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  }, LOAD_TIMEOUT);

  it('falls back to one conversation at a time when memory is short, and still answers', async () => {
    const { provider } = await withMemory(1 * GiB);
    try {
      expect(provider.status()).toMatchObject({ state: 'ready', parallel: 1 });
      expect((await provider.generate(ask('Bonjour', { maxTokens: 4 }))).tokenCount).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  }, LOAD_TIMEOUT);

  it('keeps two sequences sharing the set context when only the context size is set', async () => {
    const { provider, chosen } = await withMemory(64 * GiB, { contextSize: 1024 });
    try {
      expect(provider.status()).toMatchObject({ state: 'ready', parallel: 2, contextSize: 512 });
      expect(chosen).toEqual([]);
    } finally {
      await provider.close();
    }
  }, LOAD_TIMEOUT);
});

describe('llama.cpp provider shut down while loading', () => {
  it('ends cleanly, without reporting the model as broken', async () => {
    const errors: unknown[] = [];
    const logger = { info() {}, warn() {}, error: (obj: object) => errors.push(obj) };
    const provider = createLlamaCppProvider({ modelPath, threads: 1, logger });
    const waiting = provider.generate(ask('Bonjour'));
    await provider.close();
    await provider.ready();
    expect(provider.status()).toEqual({ state: 'none' });
    await expect(waiting).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(errors).toEqual([]);
  }, LOAD_TIMEOUT);
});

describe('llama.cpp provider without a usable model', () => {
  it('reports none and refuses to generate when no model is configured', async () => {
    const provider = createLlamaCppProvider({ threads: 1 });
    await provider.ready();
    expect(provider.status()).toEqual({ state: 'none' });
    await expect(provider.generate(ask('Bonjour'))).rejects.toBeInstanceOf(LlmUnavailableError);
    await provider.close();
  });

  it.each([
    ['a missing file', async () => path.join(dir, 'absent.gguf'), /introuvable/],
    ['a directory', async () => dir, /ne désigne pas un fichier/],
    ['a file that is not a GGUF', async () => {
      const file = path.join(dir, 'devoir.txt');
      await writeFile(file, 'Exercice 1 : calculer 2 + 2.');
      return file;
    }, /n’est pas un modèle GGUF/],
    ['a truncated GGUF', async () => {
      const file = path.join(dir, 'truncated.gguf');
      await writeFile(file, (await readFile(modelPath)).subarray(0, 200_000));
      return file;
    }, /n’a pas pu être chargé/],
  ])('reports an error in French for %s, and generate rejects', async (_case, makePath, message) => {
    const provider = createLlamaCppProvider({ modelPath: await makePath(), threads: 1 });
    await provider.ready();
    const status = provider.status();
    expect(status.state).toBe('error');
    expect(status.state === 'error' && status.message).toMatch(message);
    await expect(provider.generate(ask('Bonjour'))).rejects.toBeInstanceOf(LlmUnavailableError);
    await provider.close();
  }, LOAD_TIMEOUT);
});

describe('llama.cpp provider on the reference model', () => {
  it.runIf(existsSync(storiesPath))('loads stories260K (no chat template) and streams a bounded answer', async () => {
    const provider = createLlamaCppProvider({ modelPath: storiesPath, threads: 1, parallel: 2 });
    try {
      await provider.ready();
      expect(provider.status()).toMatchObject({ state: 'ready', modelName: 'stories260K.gguf', parallel: 2 });
      const request = ask('Once upon a time', { maxTokens: 16 });
      const result = await provider.generate(request);
      expect(request.streamed.length).toBeGreaterThan(0);
      expect(result.text).toBe(request.streamed.join(''));
      expect(result.tokenCount).toBeLessThanOrEqual(16);
    } finally {
      await provider.close();
    }
  }, LOAD_TIMEOUT);
});
