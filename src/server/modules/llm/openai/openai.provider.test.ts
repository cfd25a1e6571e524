import { afterEach, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../../net/egress-guard.ts';
import { LlmUnavailableError, type GenerateRequest, type GenerateResult } from '../llm.types.ts';
import { apiBaseUrl } from './backend-list.ts';
import { LlmBackendError } from './errors.ts';
import { createOpenAiProvider, type IntervalTimers, type OpenAiProvider, type OpenAiProviderOptions, type OpenAiStatus } from './openai.provider.ts';
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
      servers: {
        healthy: 2,
        total: 2,
        list: [
          { url: `${a!.url}/v1`, state: 'up', models: ['qwen2.5-7b-instruct'] },
          { url: `${b!.url}/v1`, state: 'up', models: ['qwen2.5-7b-instruct'] },
        ],
      },
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

  it('moves to another server when one fails before the first token, takes it out after 3 failures in a row, back once healthy', async () => {
    const [a, b] = await servers(2);
    let failures = 3;
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
    expect(provider.backends()[0]?.state).toBe('up'); // one failure is not a dead server
    expect(logs.find((l) => l.msg === 'inference request failed')?.obj).toMatchObject({ backend: `${a!.url}/v1`, kind: 'http', status: 500, afterFirstToken: false });

    await ask(provider);
    await ask(provider);
    expect([a!.chatRequests, b!.chatRequests]).toEqual([3, 3]);
    expect(provider.backends()[0]).toMatchObject({ state: 'down', problem: 'Le serveur répond par une erreur HTTP 500.' });
    expect(provider.status()).toMatchObject({ state: 'ready', servers: { healthy: 1, total: 2 } });

    await ask(provider);
    expect([a!.chatRequests, b!.chatRequests]).toEqual([3, 4]); // a down server gets nothing

    await healthTick();
    expect(provider.backends()[0]?.state).toBe('up');
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect([a!.chatRequests, b!.chatRequests]).toEqual([4, 4]);
  });

  it('fails over when a server drops the connection or is gone before the first token', async () => {
    const [a, b, c] = await servers(3);
    a!.onChat = (call) => {
      call.res.socket?.destroy();
    };
    await c!.kill();
    const { provider } = await pool([a!, b!, c!], [], { failuresBeforeDown: 1 });
    expect(provider.backends().map((x) => x.state)).toEqual(['up', 'up', 'down']); // never seen up: down at once
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
    const { provider } = await pool([a!, b!], [], { timeouts: { firstByteMs: 500, idleMs: 3000, healthMs: 3000 }, failuresBeforeDown: 1 });
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
    expect(provider.backends()[0]?.state).toBe('up'); // one failure: still in the pool (3 in a row take it out)
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
    const { provider, healthTick } = await pool([a!, b!], [], { failuresBeforeDown: 1 });
    const error = await rejection(ask(provider));
    expect(error).toMatchObject({ code: 'backends_failed', message: 'Les serveurs du tuteur ne répondent pas pour le moment. Ta question est bien enregistrée : réessaie dans un instant.' });
    expect(provider.status()).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/^Aucun serveur de modèle n’est joignable \(0 sur 2\)\./) as unknown,
      // What the chat tells a pupil before storing the question: the servers, not "no model installed".
      unavailable: { code: 'servers_down', message: expect.stringMatching(/^Les serveurs du tuteur ne répondent pas/) as unknown },
    });
    expect(await rejection(ask(provider))).toMatchObject({ code: 'backends_failed' });
    await healthTick();
    expect(provider.status().state).toBe('ready');
  });

  it('marks a server down and up again from the periodic health check', async () => {
    const [a, b] = await servers(2);
    const { provider, healthTick, logs } = await pool([a!, b!], [], { failuresBeforeDown: 1 });
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

describe('routing by model', () => {
  /** Records which server received each chat request and the model it was sent. */
  function tagged(list: OpenAiTestServer[], names: string[]) {
    const seen: string[] = [];
    list.forEach((server, i) => {
      server.onChat = (call) => {
        seen.push(`${names[i]}:${call.body.model}`);
        return defaultChat(call);
      };
    });
    return seen;
  }

  it('sends a request only to servers listing its model, and shows which server offers which model', async () => {
    const [a, b] = await servers(2);
    a!.models = [{ id: 'mistral-small' }];
    b!.models = [{ id: 'qwen2.5-7b-instruct' }, { id: 'llama3:latest' }];
    const seen = tagged([a!, b!], ['A', 'B']);
    const { provider } = await pool([a!, b!]);
    await Promise.all([ask(provider, { model: 'qwen2.5-7b-instruct' }), ask(provider, { model: 'qwen2.5-7b-instruct' }), ask(provider, { model: 'mistral-small' })]);
    await ask(provider, { model: 'llama3' }); // Ollama lists "llama3:latest" for "llama3"
    expect(seen.sort()).toEqual(['A:mistral-small', 'B:llama3', 'B:qwen2.5-7b-instruct', 'B:qwen2.5-7b-instruct']);
    expect((provider.status() as OpenAiStatus).servers?.list).toEqual([
      { url: `${a!.url}/v1`, state: 'up', models: ['mistral-small'] },
      { url: `${b!.url}/v1`, state: 'up', models: ['qwen2.5-7b-instruct', 'llama3:latest'] },
    ]);
  });

  it('says in French that no server offers the model, without calling any server or blaming it', async () => {
    const [a, b] = await servers(2);
    a!.models = [{ id: 'mistral-small' }];
    b!.models = [{ id: 'qwen2.5-7b-instruct' }];
    const { provider, logs } = await pool([a!, b!]);
    const error = await rejection(ask(provider, { model: 'gemma-2-9b' }));
    expect(error).toBeInstanceOf(LlmBackendError);
    expect(error).toMatchObject({ code: 'model_not_served', message: expect.stringMatching(/^Le modèle choisi pour ta classe n’est proposé par aucun serveur du tuteur/) as unknown });
    expect((error as Error).message).not.toMatch(/aucun modèle de langage n’est installé/);
    expect(a!.chatRequests + b!.chatRequests).toBe(0);
    expect(provider.backends().map((x) => x.state)).toEqual(['up', 'up']);
    expect(logs.find((l) => l.msg === 'no inference server offers the requested model')?.obj).toMatchObject({ model: 'gemma-2-9b' });
  });

  it('fails over only among the servers offering the same model', async () => {
    const [a, b, c] = await servers(3);
    a!.models = [{ id: 'qwen' }];
    b!.models = [{ id: 'qwen' }];
    c!.models = [{ id: 'mistral' }];
    a!.onChat = (call) => {
      call.res.socket?.destroy();
    };
    const { provider } = await pool([a!, b!, c!]);
    expect(await ask(provider, { model: 'qwen' })).toMatchObject({ text: 'Bonjour !' });
    expect([a!.chatRequests, b!.chatRequests, c!.chatRequests]).toEqual([1, 1, 0]);

    // Both qwen servers gone: the pupil is told the servers do not answer; the mistral server is not asked.
    await b!.kill();
    const error = await rejection(ask(provider, { model: 'qwen' }));
    expect(error).toMatchObject({ code: 'backends_failed' });
    expect(c!.chatRequests).toBe(0);
    expect(await ask(provider, { model: 'mistral' })).toMatchObject({ text: 'Bonjour !' });
  });

  it('keeps a request for a busy model waiting for its own servers, not another model’s', async () => {
    const [a, b] = await servers(2);
    a!.models = [{ id: 'qwen' }];
    b!.models = [{ id: 'mistral' }];
    const hold = held();
    a!.onChat = hold.handler;
    const { provider } = await pool([a!, b!], [1, 4]);
    const first = ask(provider, { model: 'qwen' });
    await until(() => a!.active === 1);
    const second = ask(provider, { model: 'qwen' });
    await pause(30);
    expect(b!.chatRequests).toBe(0);
    hold.releaseAll();
    await until(() => a!.chatRequests === 2);
    hold.releaseAll();
    expect((await Promise.all([first, second])).map((r) => r.text)).toEqual(['ok', 'ok']);
  });

  it('sends the configured model to every server when none lists it (llama.cpp lists its file name)', async () => {
    const [a] = await servers(1);
    a!.models = [{ id: '/models/qwen2.5-7b-instruct-q4_k_m.gguf' }];
    const seen = tagged([a!], ['A']);
    const { provider } = await pool([a!], [], { model: 'qwen' });
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect(seen).toEqual(['A:qwen']);
    expect(await rejection(ask(provider, { model: 'autre' }))).toMatchObject({ code: 'model_not_served' });
  });
});

describe('health on a busy machine', () => {
  /** Keeps the event loop busy, like a machine at load average 15 that runs this process late. */
  const block = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // busy
    }
  };

  it('does not mark a server down when its health answer came in time but the event loop read it late', async () => {
    const [a] = await servers(1);
    const { provider } = await pool([a!], [], { timeouts: { firstByteMs: 3000, idleMs: 3000, healthMs: 150 }, failuresBeforeDown: 1 });
    const round = provider.checkHealth();
    block(600); // the check is due long before this process can read the server's answer
    await round;
    expect(a!.modelRequests).toBe(2);
    expect(provider.backends()[0]).toMatchObject({ state: 'up', models: ['test-model'] });
  });

  it('keeps a server that serves answers in the pool although its health checks fail, and takes it out after 3 failures in a row', async () => {
    const [a] = await servers(1);
    const { provider, healthTick } = await pool([a!]);
    a!.modelsStatus = 503;
    for (let round = 0; round < 4; round++) {
      await healthTick();
      await healthTick();
      expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' }); // an answer streamed: the server is alive
      expect(provider.backends()[0]?.state).toBe('up');
    }
    await healthTick();
    await healthTick();
    await healthTick();
    expect(provider.backends()[0]).toMatchObject({ state: 'down', problem: 'Le serveur répond par une erreur HTTP 503.' });
  });

  it('tries the only server again when one connection fails (a reset keep-alive socket), and stays up', async () => {
    const [a] = await servers(1);
    let resets = 1;
    a!.onChat = (call) => {
      if (resets-- > 0) {
        call.res.socket?.destroy();
        return;
      }
      return defaultChat(call);
    };
    const { provider } = await pool([a!]);
    expect(await ask(provider)).toMatchObject({ text: 'Bonjour !' });
    expect(a!.chatRequests).toBe(2);
    expect(provider.backends()[0]?.state).toBe('up');
  });

  it('does not count a pupil leaving as a failure of the server', async () => {
    const [a] = await servers(1);
    a!.onChat = (call) => streamTokens(call, Array.from({ length: 200 }, () => 'mot '), { delayMs: 2 });
    const { provider } = await pool([a!], [4], { failuresBeforeDown: 1 });
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const answer = ask(provider, { signal: controller.signal });
      setTimeout(() => controller.abort(), i * 3);
      expect((await answer).finishReason).toBe('aborted');
    }
    expect(provider.backends()[0]?.state).toBe('up');
  });
});
