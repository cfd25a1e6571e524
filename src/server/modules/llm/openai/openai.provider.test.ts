import { afterEach, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../../net/egress-guard.ts';
import { LlmUnavailableError, type GenerateRequest, type GenerateResult } from '../llm.types.ts';
import { apiBaseUrl } from './backend-list.ts';
import { LlmBackendError } from './errors.ts';
import { createOpenAiProvider, type IntervalTimers, type OpenAiProvider, type OpenAiProviderOptions } from './openai.provider.ts';
import { defaultChat, openStream, pause, sseChunk, startOpenAiTestServer, streamTokens, type ChatCall, type OpenAiTestServer } from './testing/openai-test-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function servers(count: number): Promise<OpenAiTestServer[]> {
  const started = await Promise.all(Array.from({ length: count }, () => startOpenAiTestServer()));
  for (const server of started) cleanups.push(() => server.kill().catch(() => undefined));
  return started;
}

/** The health check's interval timer, fired by hand. */
function manualTimers(): IntervalTimers & { fire(): void; cleared: boolean } {
  let callback: (() => void) | undefined;
  return {
    cleared: false,
    setInterval(cb) {
      callback = cb;
      return 1;
    },
    clearInterval() {
      this.cleared = true;
      callback = undefined;
    },
    fire() {
      callback?.();
    },
  };
}

interface Harness {
  provider: OpenAiProvider;
  timers: ReturnType<typeof manualTimers>;
  logs: Array<{ level: string; obj: object; msg?: string }>;
  /** Fires the health timer and waits for that round to finish. */
  healthTick(): Promise<void>;
}

async function pool(list: Array<OpenAiTestServer | string>, limits: number[] = [], extra: Partial<OpenAiProviderOptions> = {}): Promise<Harness> {
  const logs: Harness['logs'] = [];
  const log = (level: string) => (obj: object, msg?: string) => logs.push({ level, obj, msg });
  const logger = { info: log('info'), warn: log('warn'), error: log('error') };
  const timers = manualTimers();
  const provider = createOpenAiProvider({
    backends: list.map((entry, i) => ({ url: apiBaseUrl(typeof entry === 'string' ? entry : entry.url), maxConcurrent: limits[i] ?? 4 })),
    guard: createEgressGuard({ logger, connectTimeoutMs: 3000 }),
    ownsGuard: true,
    logger,
    timers,
    timeouts: { firstByteMs: 3000, idleMs: 3000, healthMs: 3000 },
    ...extra,
  });
  cleanups.push(() => provider.close());
  await provider.ready();
  return {
    provider,
    timers,
    logs,
    healthTick: async () => {
      timers.fire();
      await provider.checkHealth();
    },
  };
}

function ask(provider: OpenAiProvider, overrides: Partial<GenerateRequest> = {}): Promise<GenerateResult> & { tokens: string[] } {
  const tokens: string[] = [];
  const promise = provider.generate({
    messages: [{ role: 'user', content: 'Combien font 2 + 2 ?' }],
    maxTokens: 32,
    signal: new AbortController().signal,
    onToken: (text) => tokens.push(text),
    ...overrides,
  });
  return Object.assign(promise, { tokens });
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

/** A handler that holds each answer open until `release()` is called. */
function held() {
  const releases: Array<() => void> = [];
  return {
    handler: async (call: ChatCall) => {
      openStream(call.res);
      await new Promise<void>((resolve) => releases.push(resolve));
      call.res.write(sseChunk('ok', 'stop'));
      call.res.end('data: [DONE]\n\n');
    },
    releaseAll: () => releases.splice(0).forEach((release) => release()),
  };
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await pause(2);
  }
}

describe('OpenAI-compatible provider', () => {
  it('is loading, then ready with the model the servers list and the sum of their limits', async () => {
    const [a, b] = await servers(2);
    a!.models = [{ id: 'qwen2.5-7b-instruct', max_model_len: 8192 }];
    b!.models = [{ id: 'qwen2.5-7b-instruct', max_model_len: 16384 }];
    const timers = manualTimers();
    const provider = createOpenAiProvider({
      backends: [
        { url: apiBaseUrl(a!.url), maxConcurrent: 3 },
        { url: apiBaseUrl(`${b!.url}/v1/`), maxConcurrent: 5 },
      ],
      guard: createEgressGuard(),
      ownsGuard: true,
      timers,
    });
    cleanups.push(() => provider.close());
    expect(provider.status()).toMatchObject({ state: 'loading' });
    await provider.ready();
    expect(provider.parallel).toBe(8);
    expect(provider.status()).toEqual({
      state: 'ready',
      modelName: 'qwen2.5-7b-instruct',
      contextSize: 8192,
      parallel: 8,
      backend: 'serveur compatible OpenAI (2 sur 2 disponibles)',
      servers: { healthy: 2, total: 2 },
    });
    expect(provider.backends()).toEqual([
      { url: `${a!.url}/v1`, state: 'up', running: 0, maxConcurrent: 3, models: ['qwen2.5-7b-instruct'] },
      { url: `${b!.url}/v1`, state: 'up', running: 0, maxConcurrent: 5, models: ['qwen2.5-7b-instruct'] },
    ]);
    await provider.close();
    expect(timers.cleared).toBe(true);
    expect(provider.status()).toEqual({ state: 'none' });
    expect(await rejection(ask(provider))).toBeInstanceOf(LlmUnavailableError);
  });

  it('sends the configured model name and API key', async () => {
    const [a] = await servers(1);
    const seen: ChatCall[] = [];
    a!.onChat = (call) => {
      seen.push(call);
      return defaultChat(call);
    };
    const { provider } = await pool([a!], [], { model: 'mistral-small', apiKey: 'k-123', contextSize: 2048 });
    const answer = ask(provider);
    expect(await answer).toEqual({ text: 'Bonjour !', finishReason: 'stop', tokenCount: 3 });
    expect(answer.tokens).toEqual(['Bon', 'jour', ' !']);
    expect(seen[0]?.body.model).toBe('mistral-small');
    expect(seen[0]?.headers.authorization).toBe('Bearer k-123');
    expect(provider.status()).toMatchObject({ modelName: 'mistral-small', contextSize: 2048 });
  });

  it('routes each request to the least busy server relative to its limit', async () => {
    const [a, b] = await servers(2);
    const order: string[] = [];
    const hold = held();
    a!.onChat = (call) => (order.push('A'), hold.handler(call));
    b!.onChat = (call) => (order.push('B'), hold.handler(call));
    const { provider } = await pool([a!, b!], [2, 4]);
    const answers: Array<Promise<GenerateResult>> = [];
    for (let i = 1; i <= 5; i++) {
      answers.push(ask(provider));
      await until(() => order.length === i);
    }
    // A 0/2 = B 0/4 → A; A 1/2 > B 0/4 → B; 1/2 > 1/4 → B; 1/2 = 2/4 → A (first listed); A full → B.
    expect(order).toEqual(['A', 'B', 'B', 'A', 'B']);
    expect(provider.backends().map((x) => x.running)).toEqual([2, 3]);
    hold.releaseAll();
    await Promise.all(answers);
    expect(provider.backends().map((x) => x.running)).toEqual([0, 0]);
  });

  it('never sends a server more requests at once than its limit, under load', async () => {
    const [a, b] = await servers(2);
    const slow = (call: ChatCall) => streamTokens(call, ['un', ' deux', ' trois'], { delayMs: 3 });
    a!.onChat = slow;
    b!.onChat = slow;
    const { provider } = await pool([a!, b!], [2, 3]);
    expect(provider.parallel).toBe(5);
    const results = await Promise.all(Array.from({ length: 30 }, () => ask(provider)));
    expect(results.every((r) => r.text === 'un deux trois' && r.finishReason === 'stop')).toBe(true);
    expect(a!.maxActive).toBe(2);
    expect(b!.maxActive).toBe(3);
    expect(a!.chatRequests + b!.chatRequests).toBe(30);
  });

  it('lets a waiting request give up without reaching any server', async () => {
    const [a] = await servers(1);
    const hold = held();
    a!.onChat = hold.handler;
    const { provider } = await pool([a!], [1]);
    const first = ask(provider);
    await until(() => a!.active === 1);
    const controller = new AbortController();
    const waiting = ask(provider, { signal: controller.signal });
    await pause(20);
    controller.abort();
    expect(await waiting).toEqual({ text: '', finishReason: 'aborted', tokenCount: 0 });
    hold.releaseAll();
    expect((await first).text).toBe('ok');
    expect(a!.chatRequests).toBe(1);
  });

  it('moves to another server when one fails before the first token, then takes it back once healthy (500 then healthy)', async () => {
    const [a, b] = await servers(2);
    let failures = 1;
    a!.onChat = (call) => {
      if (failures-- > 0) {
        call.res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}');
        return;
      }
      return defaultChat(call);
    };
    const { provider, logs, healthTick } = await pool([a!, b!]);
    const answer = ask(provider);
    expect(await answer).toMatchObject({ text: 'Bonjour !', finishReason: 'stop' });
    expect(answer.tokens).toEqual(['Bon', 'jour', ' !']); // nothing doubled by the retry
    expect([a!.chatRequests, b!.chatRequests]).toEqual([1, 1]);
    expect(provider.backends()[0]).toMatchObject({ state: 'down', problem: 'Le serveur répond par une erreur HTTP 500.' });
    expect(provider.status()).toMatchObject({ state: 'ready', servers: { healthy: 1, total: 2 } });
    expect(logs.find((l) => l.msg === 'inference request failed')?.obj).toMatchObject({ backend: `${a!.url}/v1`, kind: 'http', status: 500, afterFirstToken: false });

    await ask(provider);
    expect([a!.chatRequests, b!.chatRequests]).toEqual([1, 2]); // a down server gets nothing

    await healthTick();
    expect(provider.backends()[0]?.state).toBe('up');
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect([a!.chatRequests, b!.chatRequests]).toEqual([2, 2]);
  });

  it('fails over when a server drops the connection or is gone before the first token', async () => {
    const [a, b, c] = await servers(3);
    a!.onChat = (call) => {
      call.res.socket?.destroy();
    };
    await c!.kill();
    const { provider } = await pool([a!, b!, c!]);
    expect(provider.backends().map((x) => x.state)).toEqual(['up', 'up', 'down']);
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect([a!.chatRequests, b!.chatRequests]).toEqual([1, 1]);
    expect(provider.backends().map((x) => x.state)).toEqual(['down', 'up', 'down']);
  });

  it('moves on from a server that does not start answering in time', async () => {
    const [a, b] = await servers(2);
    a!.onChat = async (call) => {
      await Promise.race([call.clientClosed, pause(10_000)]);
    };
    // Generous enough for the healthy server on a loaded test machine, far below the stalled one's 10 s.
    const { provider } = await pool([a!, b!], [], { timeouts: { firstByteMs: 500, idleMs: 3000, healthMs: 3000 } });
    const started = performance.now();
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect(provider.backends()[0]).toMatchObject({ state: 'down', problem: 'Le serveur ne répond pas dans les délais.' });
    expect(performance.now() - started).toBeLessThan(5000);
    await until(() => a!.clientAborts === 1); // the stalled server saw the request dropped
  });

  it('keeps the partial text and says so in French when a server dies mid-answer', async () => {
    const [a, b] = await servers(2);
    a!.onChat = async (call) => {
      openStream(call.res);
      call.res.write(sseChunk('La réponse'));
      call.res.write(sseChunk(' est'));
      await pause(20);
      call.res.socket?.destroy(); // the process crashed
    };
    const { provider } = await pool([a!, b!]);
    const answer = ask(provider);
    const error = await rejection(answer);
    expect(error).toBeInstanceOf(LlmBackendError);
    expect(error).toMatchObject({ code: 'backend_lost', partialText: 'La réponse est' });
    expect((error as Error).message).toMatch(/^Le serveur du tuteur s’est arrêté au milieu de la réponse\. Le début de la réponse est conservé/);
    expect(answer.tokens).toEqual(['La réponse', ' est']);
    expect(b!.chatRequests).toBe(0); // not restarted elsewhere: the pupil already has the beginning
    expect(provider.backends()[0]?.state).toBe('down');
  });

  it('does not retry a request every server would refuse, nor blame the server for it', async () => {
    const [a, b] = await servers(2);
    a!.onChat = (call) => {
      call.res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"context length exceeded"}}');
    };
    const { provider } = await pool([a!, b!]);
    const error = await rejection(ask(provider));
    expect(error).toMatchObject({ code: 'request_rejected' });
    expect(b!.chatRequests).toBe(0);
    expect(provider.backends()[0]?.state).toBe('up');
  });

  it('says in French that no server answers when all fail, and is unavailable when all are down', async () => {
    const [a, b] = await servers(2);
    const fail = (call: ChatCall) => {
      call.res.writeHead(502).end();
    };
    a!.onChat = fail;
    b!.onChat = fail;
    const { provider, healthTick } = await pool([a!, b!]);
    const error = await rejection(ask(provider));
    expect(error).toMatchObject({ code: 'backends_failed', message: 'Les serveurs du tuteur ne répondent pas pour le moment. Ta question est bien enregistrée : réessaie dans un instant.' });
    expect(provider.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/^Aucun serveur de modèle n’est joignable \(0 sur 2\)\./) as unknown });
    expect(await rejection(ask(provider))).toBeInstanceOf(LlmUnavailableError);
    await healthTick();
    expect(provider.status().state).toBe('ready');
  });

  it('marks a server down and up again from the periodic health check', async () => {
    const [a, b] = await servers(2);
    const { provider, healthTick, logs } = await pool([a!, b!]);
    await a!.kill();
    await healthTick();
    expect(provider.backends().map((x) => x.state)).toEqual(['down', 'up']);
    expect(provider.status()).toMatchObject({ state: 'ready', servers: { healthy: 1, total: 2 }, backend: 'serveur compatible OpenAI (1 sur 2 disponible)' });
    await Promise.all([ask(provider), ask(provider)]);
    expect(b!.chatRequests).toBe(2);

    b!.modelsStatus = 503; // loading a model, say
    await healthTick();
    expect(provider.status()).toMatchObject({ state: 'error' });

    await a!.revive();
    b!.modelsStatus = 200;
    await healthTick();
    expect(provider.backends().map((x) => x.state)).toEqual(['up', 'up']);
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect(a!.chatRequests).toBe(1);
    const transitions = logs.filter((l) => l.msg === 'inference server available' || l.msg === 'inference server unavailable').map((l) => (l.obj as { state: string }).state);
    expect(transitions).toEqual(['up', 'up', 'down', 'down', 'up', 'up']);
  });

  it('stops the server’s work when the pupil leaves: the abort reaches the server', async () => {
    const [a] = await servers(1);
    const calls: ChatCall[] = [];
    a!.onChat = (call) => {
      calls.push(call);
      return streamTokens(call, Array.from({ length: 500 }, () => 'mot '), { delayMs: 2 });
    };
    const { provider } = await pool([a!]);
    const controller = new AbortController();
    const answer = ask(provider, {
      signal: controller.signal,
      onToken: (text) => {
        answer.tokens.push(text);
        if (answer.tokens.length === 2) controller.abort();
      },
    });
    expect(await answer).toEqual({ text: 'mot mot ', finishReason: 'aborted', tokenCount: 2 });
    await calls[0]!.clientClosed;
    expect(a!.clientAborts).toBe(1);
    expect(provider.backends()[0]).toMatchObject({ state: 'up', running: 0 });
  });

  it('stops every answer on close, stored as interrupted by the caller', async () => {
    const [a] = await servers(1);
    a!.onChat = (call) => streamTokens(call, Array.from({ length: 500 }, () => 'x'), { delayMs: 2 });
    const { provider } = await pool([a!]);
    const answer = ask(provider);
    await until(() => answer.tokens.length > 0);
    await provider.close();
    expect(await answer).toMatchObject({ finishReason: 'aborted' });
    await until(() => a!.clientAborts === 1);
  });

  it('refuses at start a server outside the local network, and never contacts it', async () => {
    const [a] = await servers(1);
    const { provider, logs } = await pool(['http://192.0.2.10:8080', a!]);
    expect(provider.backends()[0]).toMatchObject({ state: 'refused', problem: expect.stringMatching(/^Connexion refusée vers « 192\.0\.2\.10 »/) as unknown });
    expect(provider.status()).toMatchObject({ state: 'ready', servers: { healthy: 1, total: 2 } });
    expect(logs.filter((l) => l.msg === 'egress refused').map((l) => l.obj)).toEqual([{ host: '192.0.2.10', reason: 'address' }]);
    const results = await Promise.all(Array.from({ length: 6 }, () => ask(provider)));
    expect(results.every((r) => r.text === 'Bonjour !')).toBe(true);
    expect(a!.chatRequests).toBe(6);

    const only = await pool(['http://[2001:4860:4860::8888]/v1']);
    expect(only.provider.status()).toMatchObject({ state: 'error', message: expect.stringContaining('Connexion refusée vers « 2001:4860:4860::8888 »') as unknown });
  });
});
