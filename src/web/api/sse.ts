// Incremental parser for text/event-stream (the WHATWG "server-sent events" format), fed by fetch chunks,
// because EventSource cannot POST.

export interface SseEvent {
  /** Event type; "message" when the server sent no `event:` field. */
  event: string;
  /** Data lines joined with "\n". */
  data: string;
  /** Last event id seen, if any. */
  id?: string;
}

export class SseParser {
  private buffer = '';
  private sawFirstChunk = false;
  /** A chunk ended with "\r": a "\n" starting the next chunk belongs to the same line break. */
  private pendingCr = false;
  private eventType = '';
  private dataLines: string[] = [];
  private lastEventId: string | undefined;

  /** Feeds decoded text; returns the events completed by it, in order. */
  push(chunk: string): SseEvent[] {
    if (!this.sawFirstChunk && chunk.length > 0) {
      this.sawFirstChunk = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
    }
    this.buffer += chunk;

    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch !== 0x0a && ch !== 0x0d) continue;
      const line = this.buffer.slice(start, i);
      if (ch === 0x0d) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 0x0a) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /**
   * Ends the stream. As the standard says, an event not closed by a blank line is dropped:
   * a half-received event must not be acted on.
   */
  end(): SseEvent[] {
    this.buffer = '';
    this.dataLines = [];
    this.eventType = '';
    return [];
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      default:
        // "retry" and unknown fields: nothing to do for a one-shot POST stream.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hadData = this.dataLines.length > 0;
    const event: SseEvent = { event: this.eventType || 'message', data: this.dataLines.join('\n') };
    if (this.lastEventId !== undefined) event.id = this.lastEventId;
    this.eventType = '';
    this.dataLines = [];
    return hadData ? event : undefined;
  }
}

/** Reads a response body as server-sent events, decoding UTF-8 across chunk boundaries. */
export async function* readSseStream(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        yield* parser.push(decoder.decode());
        parser.end();
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // The consumer gave up early (break, error): stop the network read rather than leave it hanging.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
