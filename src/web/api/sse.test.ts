import { describe, expect, it } from 'vitest';
import { readSseStream, SseParser, type SseEvent } from './sse.ts';

function parseInChunks(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return [...events, ...parser.end()];
}

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseStream(stream)) events.push(event);
  return events;
}

const STREAM = [
  'event: queued\ndata: {"position":2}\n\n',
  'event: token\ndata: {"text":"Bon"}\n\n',
  'event: token\ndata: {"text":"jour"}\n\n',
  'event: done\ndata: {"messageId":"m1"}\n\n',
].join('');

const EXPECTED: SseEvent[] = [
  { event: 'queued', data: '{"position":2}' },
  { event: 'token', data: '{"text":"Bon"}' },
  { event: 'token', data: '{"text":"jour"}' },
  { event: 'done', data: '{"messageId":"m1"}' },
];

describe('SseParser', () => {
  it('parses events given in one chunk', () => {
    expect(parseInChunks([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    for (let size = 1; size <= 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(parseInChunks(chunks), `chunks of ${size}`).toEqual(EXPECTED);
    }
  });

  it('splits at every possible point', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(parseInChunks([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    }
  });

  it('accepts CRLF and CR line endings, also when CR and LF fall in different chunks', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    expect(parseInChunks([crlf])).toEqual(EXPECTED);
    for (let cut = 0; cut <= crlf.length; cut++) {
      expect(parseInChunks([crlf.slice(0, cut), crlf.slice(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
    expect(parseInChunks([STREAM.replaceAll('\n', '\r')])).toEqual(EXPECTED);
  });

  it('joins multi-line data with newlines', () => {
    expect(parseInChunks(['event: token\ndata: ligne 1\ndata: ligne 2\ndata:\ndata:  indentée\n\n'])).toEqual([
      { event: 'token', data: 'ligne 1\nligne 2\n\n indentée' },
    ]);
  });

  it('ignores comments, retry and unknown fields; defaults the type to "message"', () => {
    expect(parseInChunks([': keep-alive\n\nretry: 1000\nfoo: bar\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('does not dispatch an event without data, and resets the type after each event', () => {
    expect(parseInChunks(['event: token\n\ndata: y\n\n'])).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('keeps the last id', () => {
    expect(parseInChunks(['id: 7\ndata: a\n\ndata: b\n\n'])).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });

  it('accepts a field without a colon and a value without the space', () => {
    expect(parseInChunks(['event:token\ndata\n\n'])).toEqual([{ event: 'token', data: '' }]);
  });

  it('drops an event cut off by the end of the stream', () => {
    expect(parseInChunks(['data: complet\n\n', 'event: token\ndata: {"text":"incompl'])).toEqual([
      { event: 'message', data: 'complet' },
    ]);
  });

  it('strips a leading byte order mark', () => {
    expect(parseInChunks(['\uFEFFdata: a\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('keeps colons inside the value', () => {
    expect(parseInChunks(['data: {"text":"a: b"}\n\n'])).toEqual([{ event: 'message', data: '{"text":"a: b"}' }]);
  });
});

describe('readSseStream', () => {
  it('decodes UTF-8 characters split across network chunks', async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"text":"Élève → ∫ 🙂"}\n\n');
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.slice(i, i + 1));
    expect(await collect(streamOf(chunks))).toEqual([{ event: 'token', data: '{"text":"Élève → ∫ 🙂"}' }]);
  });

  it('reads a whole stream', async () => {
    expect(await collect(streamOf([STREAM.slice(0, 30), STREAM.slice(30)]))).toEqual(EXPECTED);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: a\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readSseStream(stream)) {
      expect(event.data).toBe('a');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
