// Server-sent events on a raw Node response (the reply is hijacked from Fastify so tokens are flushed
// as they come). Fastify's onSend hooks do not run on a hijacked reply, so headers are set here.
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security-headers.ts';

export interface SseStream {
  send(event: { event: string; data: unknown }): void;
  end(): void;
  /** True once end() ran or the client went away. */
  readonly closed: boolean;
}

export function openSse(response: ServerResponse): SseStream {
  let closed = false;
  response.on('close', () => {
    closed = true;
  });
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // Tells nginx not to buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  // Events sent in one turn of the event loop (the first events with the headers, several tokens of one model
  // step, the end of an answer) leave in one write: a write per event was a measurable share of the serving
  // benchmark. Nothing waits longer than the current turn.
  let pending = '';
  const flush = () => {
    if (pending.length === 0 || closed) return;
    const text = pending;
    pending = '';
    response.write(text);
  };
  return {
    send({ event, data }) {
      if (closed) return;
      if (pending.length === 0) process.nextTick(flush);
      // JSON never contains a raw newline, so one data line per event is always valid SSE.
      pending += `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    },
    end() {
      if (closed) return;
      const text = pending;
      pending = '';
      closed = true;
      response.end(text);
    },
    get closed() {
      return closed;
    },
  };
}
