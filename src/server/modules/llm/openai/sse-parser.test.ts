import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser.ts';

function parseChunks(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

/** Cuts `text` at the given positions (sorted, deduplicated), keeping empty pieces out. */
function cut(text: string, positions: readonly number[]): string[] {
  const points = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let previous = 0;
  for (const point of [...points, text.length]) {
    pieces.push(text.slice(previous, point));
    previous = point;
  }
  return pieces;
}

describe('createSseParser', () => {
  it('reads data, event and id fields, comments and multi-line data', () => {
    const stream = ': keep-alive\n\nid: 7\nevent: delta\ndata: line one\ndata:line two\ndata\n\ndata: after\nretry: 10\nunknown: x\n\n';
    expect(parseChunks([stream])).toEqual([
      { event: 'delta', data: 'line one\nline two\n', id: '7' },
      { event: 'message', data: 'after', id: '7' },
    ]);
  });

  it('accepts LF, CR and CRLF line ends, even mixed, and a leading BOM', () => {
    const expected = [
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b\nc' },
    ];
    expect(parseChunks(['data: a\n\ndata: b\ndata: c\n\n'])).toEqual(expected);
    expect(parseChunks(['data: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n'])).toEqual(expected);
    expect(parseChunks(['data: a\r\rdata: b\rdata: c\r\r'])).toEqual(expected);
    expect(parseChunks(['\uFEFFdata: a\r\n\ndata: b\rdata: c\n\r\n'])).toEqual(expected);
  });

  it('does not read a CRLF cut between its CR and LF as two line ends', () => {
    expect(parseChunks(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('keeps only one leading space of a value and ignores events without data', () => {
    expect(parseChunks(['data:  two spaces\n\nevent: empty\n\ndata:\n\n'])).toEqual([
      { event: 'message', data: ' two spaces' },
      { event: 'message', data: '' },
    ]);
  });

  it('drops an event the stream did not finish with a blank line', () => {
    expect(parseChunks(['data: complete\n\ndata: [DONE]'])).toEqual([{ event: 'message', data: 'complete' }]);
    expect(parseChunks(['data: complete\n\ndata: [DONE]\n'])).toEqual([{ event: 'message', data: 'complete' }]);
  });

  it('gives the same events however the stream is cut', () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '🙂', ' ', ':', '{', '"', 'x') }).map((value) => `data: ${value}`),
      fc.constantFrom(': comment', 'event: delta', 'id: 42', 'data', 'retry: 5', ''),
    );
    const newline = fc.constantFrom('\n', '\r', '\r\n');
    const stream = fc.array(fc.tuple(line, newline), { maxLength: 30 }).map((lines) => lines.map(([text, end]) => text + end).join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (text, positions) => {
        expect(parseChunks(cut(text, positions))).toEqual(parseChunks([text]));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same events when every character arrives alone', () => {
    const text = 'data: {"choices":[{"delta":{"content":"Élève 🙂"}}]}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n';
    expect(parseChunks([...text])).toEqual(parseChunks([text]));
    expect(parseChunks([...text])).toHaveLength(2);
  });
});
