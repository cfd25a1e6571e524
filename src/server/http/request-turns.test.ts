import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WAITING, servedInTurns, serveInTurns } from './request-turns.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const fakeRequest = (n: number) => [{ n } as unknown as IncomingMessage, { destroy: vi.fn() } as unknown as ServerResponse] as const;

describe('servedInTurns', () => {
  it('serves at most a few requests per turn, in the order they came', async () => {
    const served: number[] = [];
    const listener = servedInTurns((req) => served.push((req as unknown as { n: number }).n), { perTurn: 4 });
    for (let n = 0; n < 10; n++) listener(...fakeRequest(n));
    expect(served).toEqual([]);
    await nextTurn();
    expect(served).toEqual([0, 1, 2, 3]);
    await nextTurn();
    expect(served).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await nextTurn();
    expect(served).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('puts a request that comes between two turns behind those already waiting', async () => {
    const served: number[] = [];
    const listener = servedInTurns((req) => served.push((req as unknown as { n: number }).n), { perTurn: 2 });
    for (const n of [1, 2, 3]) listener(...fakeRequest(n));
    await nextTurn();
    listener(...fakeRequest(4));
    await nextTurn();
    await nextTurn();
    expect(served).toEqual([1, 2, 3, 4]);
    // Once drained, a new request is served at the next turn again.
    listener(...fakeRequest(5));
    await nextTurn();
    expect(served).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves everything at once when a flood of requests waits, so the queue never grows without bound', async () => {
    const served: number[] = [];
    const listener = servedInTurns((req) => served.push((req as unknown as { n: number }).n), { perTurn: 4 });
    for (let n = 0; n <= MAX_WAITING; n++) listener(...fakeRequest(n));
    await nextTurn();
    expect(served).toHaveLength(MAX_WAITING + 1);
    expect(served.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('keeps serving in order on a server that never drains its queue', async () => {
    const served: number[] = [];
    const listener = servedInTurns((req) => served.push((req as unknown as { n: number }).n), { perTurn: 4 });
    // Four arrive per turn, four are served per turn: the queue never empties across many compactions.
    let next = 0;
    for (let n = 0; n < 8; n++) listener(...fakeRequest(next++));
    for (let turn = 0; turn < 600; turn++) {
      for (let n = 0; n < 4; n++) listener(...fakeRequest(next++));
      await nextTurn();
    }
    expect(served).toEqual(Array.from({ length: 2400 }, (_, i) => i));
  });

  it('closes the response of a handler that throws, reports it, and serves the others', async () => {
    const served: number[] = [];
    const onError = vi.fn();
    const listener = servedInTurns(
      (req) => {
        const n = (req as unknown as { n: number }).n;
        if (n === 1) throw new Error('boom');
        served.push(n);
      },
      { perTurn: 2, onError },
    );
    const failing = fakeRequest(1);
    listener(...fakeRequest(0));
    listener(...failing);
    listener(...fakeRequest(2));
    await nextTurn();
    await nextTurn();
    expect(served).toEqual([0, 2]);
    expect(failing[1].destroy).toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
  });
});

describe('serveInTurns', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('answers many requests at once over real sockets, each with its own response, the server keeping its settings', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(`réponse à ${req.url}`);
    });
    server.keepAliveTimeout = 72_000;
    serveInTurns(server);
    expect(server.listeners('request')).toHaveLength(1);
    expect(server.keepAliveTimeout).toBe(72_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const { port } = server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
    const paths = Array.from({ length: 40 }, (_, i) => `/q${i}`);
    expect(await Promise.all(paths.map(get))).toEqual(paths.map((p) => `réponse à ${p}`));
  });

  it('refuses a server whose requests it cannot take over whole', () => {
    const server = createServer(() => undefined);
    server.on('request', () => undefined);
    expect(() => serveInTurns(server)).toThrow(/one request handler/);
  });
});
