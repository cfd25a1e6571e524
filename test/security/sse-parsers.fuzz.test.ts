// Property-based tests of both server-sent-events parsers: the server's (answers of OpenAI-compatible
// inference servers) and the web app's (the tutor's answer stream). For arbitrary text, cut anywhere, each
// gives exactly the events of a plain reading of the standard on the whole text; the web reader also
// when UTF-8 bytes are split inside a character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../src/server/modules/llm/openai/sse-parser.ts';
import { readSseStream, SseParser } from '../../src/web/api/sse.ts';

/** The standard's algorithm on a complete text, written as plainly as possible. */
function reference(input: string): SseEvent[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop(); // what follows the last line end is not a line yet
  const events: SseEvent[] = [];
  let type = '';
  let data: string[] = [];
  let id: string | undefined;
  for (const line of lines) {
    if (line === '') {
      if (data.length > 0) events.push({ event: type || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) });
      type = '';
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const raw = colon < 0 ? '' : line.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  }
  return events;
}

function cut<T extends { slice(a: number, b?: number): T; length: number }>(whole: T, positions: readonly number[]): T[] {
  const points = [...new Set(positions.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
  const pieces: T[] = [];
  let previous = 0;
  for (const point of [...points, whole.length]) {
    pieces.push(whole.slice(previous, point));
    previous = point;
  }
  return pieces;
}

// Pieces that matter to the format, mixed with arbitrary text (including lone surrogates and NUL).
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('\n', '\r', '\r\n', ':', ' ', 'data', 'data:', 'data: ', 'event:', 'id:', 'retry:', '\0', '\uFEFF', 'é', '🙂') },
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
const streamText = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(''));
const cuts = fc.array(fc.nat(), { maxLength: 20 });

function serverParse(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

function webParse(chunks: readonly string[]): SseEvent[] {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return [...events, ...parser.end()];
}

describe('server-sent events parsers under arbitrary input and chunking', () => {
  it('server parser: same events as the standard’s reading, however the text is cut', () => {
    fc.assert(
      fc.property(streamText, cuts, (text, positions) => {
        expect(serverParse(cut(text, positions))).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('web parser: same events as the standard’s reading, however the text is cut', () => {
    fc.assert(
      fc.property(streamText, cuts, (text, positions) => {
        expect(webParse(cut(text, positions))).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('web stream reader: same events when UTF-8 bytes are split anywhere, even inside a character', async () => {
    // Well-formed text only: a lone surrogate cannot travel as UTF-8.
    const wellFormed = streamText.map((text) => text.replace(/[\uD800-\uDFFF]/g, '?'));
    await fc.assert(
      fc.asyncProperty(wellFormed, cuts, async (text, positions) => {
        const pieces = cut(new TextEncoder().encode(text), positions);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const piece of pieces) controller.enqueue(piece);
            controller.close();
          },
        });
        const events: SseEvent[] = [];
        for await (const event of readSseStream(body)) events.push(event);
        expect(events).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
