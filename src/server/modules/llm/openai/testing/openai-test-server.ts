// A minimal OpenAI-compatible server on loopback for tests: each test scripts how chat requests are
// answered (chunking, delays, errors, dying mid-stream) and reads back what the server saw.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatCall {
  body: { model?: string; messages?: unknown; max_tokens?: number; stream?: boolean };
  headers: IncomingHttpHeaders;
  res: ServerResponse;
  /** True once the client went away before the answer ended. */
  readonly clientGone: boolean;
  /** Resolves when the client goes away before the answer ended. */
  clientClosed: Promise<void>;
}

export type ChatHandler = (call: ChatCall) => Promise<void> | void;

export interface OpenAiTestServer {
  /** Base URL without "/v1" (the provider adds it). */
  readonly url: string;
  /** Chat requests being answered right now, and the most seen at once. */
  readonly active: number;
  readonly maxActive: number;
  readonly chatRequests: number;
  readonly modelRequests: number;
  /** Chat answers the client abandoned before their end. */
  readonly clientAborts: number;
  onChat: ChatHandler;
  /** Status of GET /v1/models (200: healthy). */
  modelsStatus: number;
  models: Array<{ id: string; max_model_len?: number }>;
  /** Kills the server like a crash: listening socket closed and every connection destroyed. */
  kill(): Promise<void>;
  /** Listens again on the same port after kill(). */
  revive(): Promise<void>;
}

export const sseChunk = (content: string | null, finishReason: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finishReason }] })}\n\n`;

export function openStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Streams `tokens` as deltas, then the finish reason and [DONE]; stops early when the client leaves. */
export async function streamTokens(call: ChatCall, tokens: readonly string[], options: { delayMs?: number; finishReason?: string } = {}): Promise<void> {
  openStream(call.res);
  for (const token of tokens) {
    if (call.clientGone) return;
    if (options.delayMs) await pause(options.delayMs);
    if (call.clientGone) return;
    call.res.write(sseChunk(token));
  }
  call.res.write(sseChunk(null, options.finishReason ?? 'stop'));
  call.res.end('data: [DONE]\n\n');
}

export const defaultChat: ChatHandler = (call) => streamTokens(call, ['Bon', 'jour', ' !']);

export async function startOpenAiTestServer(options: { onChat?: ChatHandler } = {}): Promise<OpenAiTestServer> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server;
  const state = {
    active: 0,
    maxActive: 0,
    chatRequests: 0,
    modelRequests: 0,
    clientAborts: 0,
    onChat: options.onChat ?? defaultChat,
    modelsStatus: 200,
    models: [{ id: 'test-model' }] as Array<{ id: string; max_model_len?: number }>,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET' && req.url === '/v1/models') {
      state.modelRequests++;
      res.writeHead(state.modelsStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: state.models }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    state.chatRequests++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    let gone = false;
    let onGone: () => void = () => undefined;
    const clientClosed = new Promise<void>((resolve) => (onGone = resolve));
    res.on('close', () => {
      state.active--;
      if (!res.writableFinished) {
        gone = true;
        state.clientAborts++;
        onGone();
      }
    });
    const call: ChatCall = {
      body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatCall['body'],
      headers: req.headers,
      res,
      get clientGone() {
        return gone;
      },
      clientClosed,
    };
    await state.onChat(call);
  }

  function listen(): Promise<void> {
    server = createServer((req, res) => {
      handle(req, res).catch(() => res.destroy());
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return new Promise((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  }

  await listen();
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    kill: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    revive: listen,
  });
}
