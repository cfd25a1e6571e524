import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendMessage, toChatEvent, type ChatEvent } from './chat.ts';
import { ApiRequestError, setUnauthorizedListener } from './client.ts';

const encoder = new TextEncoder();

function sseResponse(chunks: string[], options: { hang?: boolean } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!options.hang) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
}

/** A fetch that honours the abort signal like the browser's: the pending body read rejects with AbortError. */
function abortableStreamFetch(chunks: string[]) {
  return vi.fn(async (_url: string, init: RequestInit) => {
    const signal = init.signal!;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        signal.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedListener(undefined);
});

describe('sendMessage', () => {
  it('posts JSON to the conversation and reports events in order until done', async () => {
    const fetchMock = vi.fn(async () =>
      sseResponse([
        'event: stored\ndata: {"messageId":"p1"}\n\n',
        'event: queued\ndata: {"position":3}\n\nevent: queued\ndata: {"position":1}\n\n',
        'event: token\ndata: {"text":"La réponse "}\n\nevent: tok',
        'en\ndata: {"text":"est $x=2$."}\n\n',
        'event: done\ndata: {"messageId":"t1"}\n\n',
      ]),
    );
    vi.stubGlobal('fetch', fetchMock);
    const events: ChatEvent[] = [];
    const outcome = await sendMessage('c-1', 'Bonjour', { onEvent: (event) => events.push(event) });

    expect(outcome).toEqual({ kind: 'done', messageId: 't1' });
    expect(events.map((event) => event.event)).toEqual(['stored', 'queued', 'queued', 'token', 'token', 'done']);
    expect(events.filter((e) => e.event === 'token').map((e) => e.data.text).join('')).toBe(
      'La réponse est $x=2$.',
    );
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/conversations/c-1/messages');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ text: 'Bonjour' });
  });

  it('returns the error event of the stream', async () => {
    vi.stubGlobal('fetch', vi.fn(async () =>
      sseResponse(['event: token\ndata: {"text":"Dé"}\n\n', 'event: error\ndata: {"code":"llm_failed","message":"Le modèle a échoué."}\n\n']),
    ));
    const outcome = await sendMessage('c', 'x', { onEvent: () => undefined });
    expect(outcome).toEqual({ kind: 'error', code: 'llm_failed', message: 'Le modèle a échoué.' });
  });

  it('reports a stream that ends without done as cut', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => sseResponse(['event: token\ndata: {"text":"a"}\n\n'])));
    expect(await sendMessage('c', 'x', { onEvent: () => undefined })).toEqual({ kind: 'cut' });
  });

  it('throws the JSON error given before streaming (no model configured)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () =>
      Response.json({ code: 'no_model', message: 'Aucun modèle n’est configuré.' }, { status: 503 }),
    ));
    const error = await sendMessage('c', 'x', { onEvent: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).code).toBe('no_model');
    expect((error as ApiRequestError).status).toBe(503);
    expect((error as ApiRequestError).message).toBe('Aucun modèle n’est configuré.');
  });

  it('gives a French message when the error body is not JSON (proxy page)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    const error = (await sendMessage('c', 'x', { onEvent: () => undefined }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error.code).toBe('http_502');
    expect(error.message).toContain('502');
  });

  it('tells the app when the session has ended (401)', async () => {
    const listener = vi.fn();
    setUnauthorizedListener(listener);
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ code: 'unauthenticated', message: 'Connecte-toi.' }, { status: 401 })));
    await expect(sendMessage('c', 'x', { onEvent: () => undefined })).rejects.toBeInstanceOf(ApiRequestError);
    expect(listener).toHaveBeenCalledOnce();
  });

  it('throws a network error when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }));
    const error = (await sendMessage('c', 'x', { onEvent: () => undefined }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error.code).toBe('network');
  });

  it('stops on abort while tokens stream and reports it as aborted', async () => {
    vi.stubGlobal('fetch', abortableStreamFetch(['event: token\ndata: {"text":"Début"}\n\n']));
    const controller = new AbortController();
    const tokens: string[] = [];
    const outcome = await sendMessage('c', 'x', {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.event === 'token') {
          tokens.push(event.data.text);
          controller.abort();
        }
      },
    });
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(tokens).toEqual(['Début']);
  });

  it('reports aborted when aborted before the response arrives', async () => {
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      init.signal?.throwIfAborted();
      throw new Error('unreachable');
    }));
    const controller = new AbortController();
    controller.abort();
    expect(await sendMessage('c', 'x', { signal: controller.signal, onEvent: () => undefined })).toEqual({ kind: 'aborted' });
  });
});

describe('toChatEvent', () => {
  it('ignores unknown events and malformed data', () => {
    expect(toChatEvent({ event: 'ping', data: '{}' })).toBeUndefined();
    expect(toChatEvent({ event: 'token', data: 'pas du json' })).toBeUndefined();
    expect(toChatEvent({ event: 'token', data: '{"text":3}' })).toBeUndefined();
    expect(toChatEvent({ event: 'queued', data: '{"position":"2"}' })).toBeUndefined();
    expect(toChatEvent({ event: 'queued', data: '{"position":2}' })).toEqual({ event: 'queued', data: { position: 2 } });
  });

  it('reads the care event, keeping only help lines a phone can dial', () => {
    const care = {
      message: 'Merci de l’avoir écrit.',
      helpLines: [
        { number: '3114', name: 'Prévention du suicide', description: 'gratuit' },
        { number: 'javascript:alert(1)', name: 'x', description: 'x' },
        { number: '119', name: 'Allô Enfance en Danger' },
        'pas une ligne',
      ],
      schoolContacts: 'CPE : bureau 12',
    };
    expect(toChatEvent({ event: 'care', data: JSON.stringify(care) })).toEqual({
      event: 'care',
      data: {
        message: 'Merci de l’avoir écrit.',
        helpLines: [
          { number: '3114', name: 'Prévention du suicide', description: 'gratuit' },
          { number: '119', name: 'Allô Enfance en Danger', description: '' },
        ],
        schoolContacts: 'CPE : bureau 12',
      },
    });
    expect(toChatEvent({ event: 'care', data: '{"message":"Merci","helpLines":"3114"}' })).toBeUndefined();
    expect(toChatEvent({ event: 'care', data: '{"helpLines":[]}' })).toBeUndefined();
    expect(toChatEvent({ event: 'care', data: '{"message":"Merci","helpLines":[]}' })).toEqual({ event: 'care', data: { message: 'Merci', helpLines: [], schoolContacts: '' } });
  });
});
