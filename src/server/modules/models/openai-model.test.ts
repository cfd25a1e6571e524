// The class's catalogue model reaches the OpenAI-compatible servers: each request names its own model,
// and a request without one keeps the configured name.
import { afterEach, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../net/egress-guard.ts';
import { apiBaseUrl } from '../llm/openai/backend-list.ts';
import { createOpenAiProvider } from '../llm/openai/openai.provider.ts';
import { defaultChat, startOpenAiTestServer, type ChatCall } from '../llm/openai/testing/openai-test-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('per-request model on the OpenAI-compatible pool', () => {
  it('sends the model each request names, else the configured one', async () => {
    const server = await startOpenAiTestServer();
    cleanups.push(() => server.kill());
    server.models = [{ id: 'qwen2.5-7b-instruct' }, { id: 'mistral-small' }];
    const seen: ChatCall['body'][] = [];
    server.onChat = (call) => {
      seen.push(call.body);
      return defaultChat(call);
    };
    const provider = createOpenAiProvider({
      backends: [{ url: apiBaseUrl(server.url), maxConcurrent: 2 }],
      model: 'qwen2.5-7b-instruct',
      guard: createEgressGuard({ connectTimeoutMs: 3000 }),
      ownsGuard: true,
      timeouts: { firstByteMs: 3000, idleMs: 3000, healthMs: 3000 },
    });
    cleanups.push(() => provider.close());
    await provider.ready();
    const ask = (model?: string) =>
      provider.generate({ messages: [{ role: 'user', content: 'Bonjour' }], maxTokens: 8, signal: new AbortController().signal, onToken: () => undefined, ...(model ? { model } : {}) });
    expect((await ask('mistral-small')).text).toBe('Bonjour !');
    await ask();
    expect(seen.map((body) => body.model)).toEqual(['mistral-small', 'qwen2.5-7b-instruct']);
  });
});
