import { describe, expect, it } from 'vitest';
import { createFakeProvider } from './fake.provider.ts';
import { LlmUnavailableError, type GenerateRequest } from './llm.types.ts';

function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    messages: [{ role: 'user', content: 'Bonjour' }],
    maxTokens: 100,
    signal: new AbortController().signal,
    onToken: () => {},
    ...overrides,
  };
}

describe('createFakeProvider', () => {
  it('streams the given tokens in order and returns their concatenation', async () => {
    const llm = createFakeProvider({ tokens: ['Deux ', 'plus ', 'deux.'], delayMs: 1 });
    const streamed: string[] = [];
    const result = await llm.generate(request({ onToken: (t) => streamed.push(t) }));
    expect(streamed).toEqual(['Deux ', 'plus ', 'deux.']);
    expect(result).toEqual({ text: 'Deux plus deux.', finishReason: 'stop', tokenCount: 3 });
    expect(llm.status()).toMatchObject({ state: 'ready', parallel: 2 });
  });

  it('answers from the request when given a function, and stops at maxTokens', async () => {
    const llm = createFakeProvider({ tokens: (r) => (r.messages.at(-1)?.content ?? '').split('') });
    const result = await llm.generate(request({ messages: [{ role: 'user', content: 'abcdef' }], maxTokens: 4 }));
    expect(result).toEqual({ text: 'abcd', finishReason: 'length', tokenCount: 4 });
  });

  it('stops promptly on abort with the partial text', async () => {
    const llm = createFakeProvider({ tokens: Array.from({ length: 100 }, (_, i) => `${i} `), delayMs: 20 });
    const controller = new AbortController();
    const started = Date.now();
    const result = await llm.generate(request({ signal: controller.signal, onToken: (t) => t === '2 ' && controller.abort() }));
    expect(result).toEqual({ text: '0 1 2 ', finishReason: 'aborted', tokenCount: 3 });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('runs at most `parallel` generations at once and queues the rest', async () => {
    const llm = createFakeProvider({ tokens: ['a', 'b'], delayMs: 15, parallel: 2 });
    let active = 0;
    let peak = 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => {
      let counted = false;
      return llm.generate(request({
        onToken: (t) => {
          if (!counted) { counted = true; active++; peak = Math.max(peak, active); }
          if (t === 'b') active--;
        },
      }));
    }));
    expect(results.every((r) => r.text === 'ab' && r.finishReason === 'stop')).toBe(true);
    expect(peak).toBe(2);
  });

  it('aborts running generations on close and refuses new ones', async () => {
    const llm = createFakeProvider({ tokens: ['a', 'b', 'c'], delayMs: 50 });
    const running = llm.generate(request());
    await llm.close();
    expect((await running).finishReason).toBe('aborted');
    await expect(llm.generate(request())).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(llm.status()).toEqual({ state: 'none' });
  });
});
