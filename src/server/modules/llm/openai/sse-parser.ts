// Server-sent events as the HTML standard defines the stream format: text arrives in chunks cut anywhere
// (even between the CR and LF of one line end), lines end in LF, CR or CRLF, ":" lines are comments,
// several "data:" lines make one multi-line payload, and a blank line dispatches the event.

export interface SseEvent {
  /** "message" unless an "event:" field said otherwise. */
  event: string;
  data: string;
  /** The last "id:" seen so far in the stream, if any. */
  id?: string;
}

export interface SseParser {
  /** Feeds decoded text; events complete in it are delivered synchronously, in order. */
  push(text: string): void;
  /** End of stream: an event not terminated by a blank line is incomplete and dropped, as the standard says. */
  end(): void;
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let partialLine = '';
  let skipLeadingLf = false; // the previous chunk ended with CR: a LF starting this one belongs to it
  let atStart = true;
  let eventType = '';
  let data: string[] = [];
  let lastId: string | undefined;
  const lineEnd = /[\r\n]/g;

  function dispatch(): void {
    if (data.length > 0) {
      const event: SseEvent = { event: eventType || 'message', data: data.join('\n') };
      if (lastId !== undefined) event.id = lastId;
      onEvent(event);
    }
    eventType = '';
    data = [];
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventType = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // "retry" and unknown fields: nothing for us to do.
  }

  return {
    push(text) {
      let chunk = text;
      if (atStart && chunk.length > 0) {
        atStart = false;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      let start = 0;
      if (skipLeadingLf && chunk.length > 0) {
        if (chunk[0] === '\n') start = 1;
        skipLeadingLf = false;
      }
      lineEnd.lastIndex = start;
      for (let match = lineEnd.exec(chunk); match; match = lineEnd.exec(chunk)) {
        const end = match.index;
        processLine(partialLine + chunk.slice(start, end));
        partialLine = '';
        start = end + 1;
        if (chunk[end] === '\r') {
          if (start === chunk.length) skipLeadingLf = true;
          else if (chunk[start] === '\n') start++;
        }
        lineEnd.lastIndex = start;
      }
      partialLine += chunk.slice(start);
    },
    end() {
      partialLine = '';
      data = [];
      eventType = '';
    },
  };
}
