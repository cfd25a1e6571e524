import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEgressGuard, type EgressGuard } from '../../../net/egress-guard.ts';
import { BackendFailure, listModels, streamChatCompletion, type BackendEndpoint, type ChatCompletionRequest } from './chat-client.ts';
import { defaultChat, openStream, pause, sseChunk, startOpenAiTestServer, streamTokens, type ChatCall, type OpenAiTestServer } from './testing/openai-test-server.ts';

let server: OpenAiTestServer;
let guard: EgressGuard;
let endpoint: BackendEndpoint;
const calls: ChatCall[] = [];

beforeAll(async () => {
  server = await startOpenAiTestServer();
  guard = createEgressGuard();
  endpoint = { baseUrl: `${server.url}/v1`, apiKey: 'cle-secrete', fetch: guard.fetch };
});
afterAll(async () => {
  await server.kill();
  await guard.close();
});
beforeEach(() => {
  calls.length = 0;
  server.onChat = defaultChat;
});

function request(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest & { tokens: string[] } {
  const tokens: string[] = [];
  return {
    model: 'test-model',
    messages: [
      { role: 'system', content: 'Tu es un tuteur.' },
      { role: 'user', content: 'Bonjour' },
    ],
    maxTokens: 50,
    signal: new AbortController().signal,
    onToken: (text) => tokens.push(text),
    timeouts: { firstByteMs: 2000, idleMs: 2000 },
    tokens,
    ...overrides,
  };
}

/** Answers chat requests with `handler`, remembering each call. */
function answer(handler: (call: ChatCall) => Promise<void> | void): void {
  server.onChat = (call) => {
    calls.push(call);
    return handler(call);
  };
}

const failureOf = async (promise: Promise<unknown>): Promise<BackendFailure> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackendFailure);
  return error as BackendFailure;
};

describe('streamChatCompletion', () => {
  it('sends an OpenAI streaming request with the key and streams the deltas in order', async () => {
    answer(defaultChat);
    const req = request();
    const result = await streamChatCompletion(endpoint, req);
    expect(result).toEqual({ text: 'Bonjour !', finishReason: 'stop', tokenCount: 3 });
    expect(req.tokens).toEqual(['Bon', 'jour', ' !']);
    expect(calls[0]?.body).toEqual({ model: 'test-model', messages: req.messages, max_tokens: 50, stream: true });
    expect(calls[0]?.headers.authorization).toBe('Bearer cle-secrete');
    expect(calls[0]?.headers.accept).toBe('text/event-stream');
  });

  it('asks for greedy decoding with a fixed seed when the request must be repeatable', async () => {
    answer(defaultChat);
    await streamChatCompletion(endpoint, request({ deterministic: true }));
    expect(calls[0]?.body).toMatchObject({ temperature: 0, seed: 0 });
    await streamChatCompletion(endpoint, request());
    expect(calls[1]?.body).not.toHaveProperty('temperature');
  });

  it('asks for JSON of a schema through response_format when the request carries one', async () => {
    answer(defaultChat);
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false } as const;
    await streamChatCompletion(endpoint, request({ json: { name: 'verdict', schema } }));
    expect(calls[0]?.body).toMatchObject({ stream: true, response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema } } });
  });

  it('reads a stream written one byte at a time, with CRLF, comments, multi-line data and multi-byte characters', async () => {
    const body = [
      ': ping\r\n\r\n',
      `data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] })}\r\n\r\n`,
      sseChunk('Élève ').replace(/\n/g, '\r\n'),
      // One JSON document over two data lines: the lines are joined with a line feed, valid JSON whitespace.
      'data: {"choices":[{"delta":\ndata: {"content":"🙂 ∑"}}]}\n\n',
      sseChunk('fin', 'stop'),
      'data: [DONE]\r\n\r\n',
    ].join('');
    answer(async (call) => {
      openStream(call.res);
      const bytes = Buffer.from(body, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        call.res.write(bytes.subarray(i, i + 1));
        await new Promise((resolve) => setImmediate(resolve)); // lets each byte leave as its own chunk
      }
      call.res.end();
    });
    const req = request();
    const result = await streamChatCompletion(endpoint, req);
    expect(req.tokens).toEqual(['Élève ', '🙂 ∑', 'fin']);
    expect(result).toMatchObject({ text: 'Élève 🙂 ∑fin', finishReason: 'stop' });
  });

  it('reports a length stop and the server’s token count when it gives one', async () => {
    answer((call) => {
      openStream(call.res);
      call.res.write(sseChunk('a'));
      call.res.write(sseChunk('b', 'length'));
      call.res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 5 } })}\n\n`);
      call.res.end('data: [DONE]\n\n');
    });
    expect(await streamChatCompletion(endpoint, request())).toEqual({ text: 'ab', finishReason: 'length', tokenCount: 5 });
  });

  it('accepts a stream closed without [DONE] once a finish reason came, and rejects one cut before', async () => {
    answer((call) => {
      openStream(call.res);
      call.res.write(sseChunk('fini', 'stop'));
      call.res.end();
    });
    expect(await streamChatCompletion(endpoint, request())).toMatchObject({ text: 'fini', finishReason: 'stop' });

    answer((call) => {
      openStream(call.res);
      call.res.write(sseChunk('coup'));
      call.res.end('data: {"choices":[{"delta":{"content":"é"}}]}'); // last event never terminated
    });
    const req = request();
    const failure = await failureOf(streamChatCompletion(endpoint, req));
    expect(failure).toMatchObject({ kind: 'truncated', retryable: true, serverAtFault: true });
    expect(req.tokens).toEqual(['coup']);
  });

  it('turns an error object in the middle of the stream into a failure, after the tokens before it', async () => {
    answer((call) => {
      openStream(call.res);
      call.res.write(sseChunk('début'));
      call.res.end(`data: ${JSON.stringify({ error: { message: 'CUDA out of memory', type: 'server_error' } })}\n\n`);
    });
    const req = request();
    const failure = await failureOf(streamChatCompletion(endpoint, req));
    expect(failure).toMatchObject({ kind: 'backend-error', serverAtFault: false });
    expect(failure.message).not.toContain('CUDA');
    expect(req.tokens).toEqual(['début']);

    answer((call) => {
      openStream(call.res);
      call.res.end('event: error\ndata: {"message":"overloaded"}\n\n');
    });
    expect(await failureOf(streamChatCompletion(endpoint, request()))).toMatchObject({ kind: 'backend-error' });

    answer((call) => {
      openStream(call.res);
      call.res.end('data: {not json\n\n');
    });
    expect(await failureOf(streamChatCompletion(endpoint, request()))).toMatchObject({ kind: 'protocol' });
  });

  it.each([
    [500, true, true],
    [503, true, true],
    [401, true, true],
    [404, true, true],
    [429, true, false],
    [400, false, false],
    [413, false, false],
  ])('classifies HTTP %i (retry elsewhere: %s, server at fault: %s)', async (status, retryable, serverAtFault) => {
    answer((call) => {
      call.res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"message":"no"}}');
    });
    expect(await failureOf(streamChatCompletion(endpoint, request()))).toMatchObject({ kind: 'http', status, retryable, serverAtFault });
  });

  it('refuses an answer that is not an event stream', async () => {
    answer((call) => {
      call.res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[{"message":{"content":"x"}}]}');
    });
    expect(await failureOf(streamChatCompletion(endpoint, request()))).toMatchObject({ kind: 'protocol' });
  });

  it('gives up on a server silent before the first byte, and on one that stops mid-stream', async () => {
    answer(async (call) => {
      await Promise.race([call.clientClosed, pause(3000)]);
    });
    let started = performance.now();
    const first = await failureOf(streamChatCompletion(endpoint, request({ timeouts: { firstByteMs: 150, idleMs: 5000 } })));
    expect(first).toMatchObject({ kind: 'timeout', retryable: true });
    expect(performance.now() - started).toBeLessThan(1000);
    await calls[0]?.clientClosed; // the server saw the request dropped

    answer(async (call) => {
      openStream(call.res);
      call.res.write(sseChunk('un'));
      await Promise.race([call.clientClosed, pause(3000)]);
    });
    started = performance.now();
    const req = request({ timeouts: { firstByteMs: 5000, idleMs: 150 } });
    const idle = await failureOf(streamChatCompletion(endpoint, req));
    expect(idle.message).toMatch(/silent/);
    expect(req.tokens).toEqual(['un']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops at once when aborted, keeps the partial text, and the server sees the request closed', async () => {
    answer((call) => streamTokens(call, Array.from({ length: 200 }, (_, i) => `t${i} `), { delayMs: 5 }));
    const controller = new AbortController();
    const req = request({
      signal: controller.signal,
      onToken: (text) => {
        req.tokens.push(text);
        if (req.tokens.length === 3) controller.abort();
      },
    });
    const result = await streamChatCompletion(endpoint, req);
    expect(result).toEqual({ text: 't0 t1 t2 ', finishReason: 'aborted', tokenCount: 3 });
    await calls[0]?.clientClosed;
    expect(calls[0]?.clientGone).toBe(true);
  });

  it('passes an exception of the caller’s onToken through untouched', async () => {
    answer(defaultChat);
    const mine = new Error('emit failed');
    const error = await streamChatCompletion(
      endpoint,
      request({
        onToken: () => {
          throw mine;
        },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBe(mine);
  });

  it('does not follow a redirect', async () => {
    answer((call) => {
      call.res.writeHead(307, { location: `${server.url}/v1/chat/completions` }).end();
    });
    const failure = await failureOf(streamChatCompletion(endpoint, request()));
    expect(failure).toMatchObject({ kind: 'egress', serverAtFault: true });
    expect(calls).toHaveLength(1);
  });

  it('reports a server that is not listening as a network failure', async () => {
    const gone = await startOpenAiTestServer();
    await gone.kill();
    const failure = await failureOf(streamChatCompletion({ ...endpoint, baseUrl: `${gone.url}/v1` }, request()));
    expect(failure).toMatchObject({ kind: 'network', retryable: true, serverAtFault: true });
    expect(failure.message).toContain('ECONNREFUSED');
  });
});

describe('listModels', () => {
  it('lists the models and the context size a server reports', async () => {
    server.models = [{ id: 'mistral-7b', max_model_len: 8192 }, { id: 'autre' }];
    expect(await listModels(endpoint, AbortSignal.timeout(2000))).toEqual([{ id: 'mistral-7b', contextSize: 8192 }, { id: 'autre' }]);
    server.models = [{ id: 'test-model' }];
  });

  it('fails on an error status', async () => {
    server.modelsStatus = 503;
    try {
      expect(await failureOf(listModels(endpoint, AbortSignal.timeout(2000)))).toMatchObject({ kind: 'http', status: 503 });
    } finally {
      server.modelsStatus = 200;
    }
  });
});
