// Serves incoming requests a few per turn of the event loop, first come first served, instead of all the requests
// read in one turn back to back.
//
// Why: at each turn Node reads every socket that became readable since the last one, then runs the handlers of
// those requests one after the other. When the event loop is busy (a class sending its messages at once), a
// request that arrives just after a read waits for that whole batch, and then for its place in the next one, which
// follows the sockets' order rather than arrival. Measured with the serving benchmark (32 pupils, a message each as
// soon as the last answer ended), the time between a message being sent and the server starting to read it was all
// of the latency: 90 % of messages waited for the 31 others once, 1 % for about 60 (two batches), so p99 was
// 2.2 × p50. With at most REQUESTS_PER_TURN requests per turn, the turns in between read the new arrivals, which
// queue behind the requests already waiting: first come, first served. Measured: p99 = 1.6 × p50 at the same CPU
// per message (one request per turn served as fairly but cost more CPU: more turns). A quiet server is unchanged:
// a request is served in the same turn, right after the read (setImmediate).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export const REQUESTS_PER_TURN = 4;
/**
 * Past this many waiting requests, a turn serves them all, as Node does by default. Requests wait here before their
 * handler runs, so Node's own brake on pipelined requests (it stops reading a socket whose responses pile up) would
 * not see them: a client pipelining thousands of requests on one socket could grow the queue without bound.
 */
export const MAX_WAITING = 256;

const COMPACT_AFTER = 1024;

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface RequestTurnsOptions {
  perTurn?: number;
  /** A handler that threw: its response is destroyed and the others are still served. */
  onError?: (error: unknown) => void;
}

/** Wraps a server's request handler so that requests are served in arrival order, `perTurn` per turn. */
export function servedInTurns(handler: RequestHandler, options: RequestTurnsOptions = {}): RequestHandler {
  const perTurn = Math.max(1, Math.floor(options.perTurn ?? REQUESTS_PER_TURN));
  // A queue read from `head`, compacted when drained and every COMPACT_AFTER requests: no shift() copying the array.
  let waiting: [IncomingMessage, ServerResponse][] = [];
  let head = 0;
  let scheduled = false;

  const serveSome = () => {
    scheduled = false;
    const quota = waiting.length - head > MAX_WAITING ? Infinity : perTurn;
    for (let served = 0; served < quota && head < waiting.length; served++) {
      const [request, response] = waiting[head]!;
      waiting[head++] = undefined as never;
      try {
        handler(request, response);
      } catch (error) {
        response.destroy();
        options.onError?.(error);
      }
    }
    if (head >= waiting.length) {
      waiting = [];
      head = 0;
    } else {
      // A server that stays busy may never drain the queue: the served slots are dropped from time to time.
      if (head >= COMPACT_AFTER) {
        waiting = waiting.slice(head);
        head = 0;
      }
      scheduled = true;
      setImmediate(serveSome);
    }
  };

  return (request, response) => {
    waiting.push([request, response]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(serveSome);
    }
  };
}

/**
 * Makes `server` serve its requests in turns: its request handler (the one Fastify gave `http.createServer`) is taken
 * off the 'request' event and put back behind the queue. The server keeps everything else Fastify set on it
 * (timeouts, limits), so nothing of Fastify's own set-up is written again here.
 */
export function serveInTurns(server: Server, options: RequestTurnsOptions = {}): void {
  const handlers = server.listeners('request') as RequestHandler[];
  if (handlers.length !== 1) throw new Error(`serveInTurns: expected one request handler, found ${handlers.length}`);
  const handler = handlers[0]!;
  server.removeListener('request', handler);
  server.on('request', servedInTurns(handler, options));
}
