// Sends a pupil message and follows the tutor's answer as it streams (POST + server-sent events).
import type { ChatStreamEvent, MessageSource } from '../../shared/api.ts';
import { errorFromResponse, networkError, notifyUnauthorized } from './client.ts';
import { readSseStream, type SseEvent } from './sse.ts';

/** A national help line shown to a pupil in distress (3114, 3018, 119). */
export interface HelpLine {
  number: string;
  name: string;
  description: string;
}

/** Sent right after `stored` when the pupil wrote about distress, abuse or being harassed. */
export interface CareMessage {
  message: string;
  helpLines: HelpLine[];
  /** The school's own contacts (CPE, infirmière…), as the school wrote them; may be empty. */
  schoolContacts: string;
}

/** Every event of the stream, including `stored` and `care` that the shared type lacks. */
export type ChatEvent = ChatStreamEvent | { event: 'stored'; data: { messageId: string } } | { event: 'care'; data: CareMessage };

/** How a stream ended, as seen by the pupil. */
export type ChatOutcome =
  | { kind: 'done'; messageId: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'aborted' }
  /** The connection closed without `done` nor `error`. */
  | { kind: 'cut' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Turns a raw SSE event into a typed chat event; unknown or malformed events give undefined and are ignored. */
export function toChatEvent(raw: SseEvent): ChatEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw.data);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  switch (raw.event) {
    case 'stored':
      return typeof data.messageId === 'string' ? { event: 'stored', data: { messageId: data.messageId } } : undefined;
    case 'done': {
      if (typeof data.messageId !== 'string') return undefined;
      const sources = toSources(data.sources);
      return { event: 'done', data: sources.length > 0 ? { messageId: data.messageId, sources } : { messageId: data.messageId } };
    }
    case 'queued':
      return typeof data.position === 'number' && Number.isFinite(data.position)
        ? { event: 'queued', data: { position: data.position } }
        : undefined;
    case 'token':
      return typeof data.text === 'string' ? { event: 'token', data: { text: data.text } } : undefined;
    case 'error':
      return typeof data.code === 'string' && typeof data.message === 'string'
        ? { event: 'error', data: { code: data.code, message: data.message } }
        : undefined;
    case 'care':
      return toCare(data);
    default:
      return undefined;
  }
}

/** The course passages an answer cites; malformed entries are dropped. */
export function toSources(value: unknown): MessageSource[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).flatMap((item) =>
    isObject(item) && typeof item.document === 'string' && typeof item.passage === 'number' && Number.isInteger(item.passage)
      ? [{ document: item.document, passage: item.passage }]
      : [],
  );
}

/** A help line keeps only a number a phone can dial, so it can become a tel: link safely. */
const DIALLABLE = /^\+?[0-9 ]{2,20}$/;

function toCare(data: Record<string, unknown>): ChatEvent | undefined {
  if (typeof data.message !== 'string' || !Array.isArray(data.helpLines)) return undefined;
  const helpLines: HelpLine[] = [];
  for (const line of data.helpLines as unknown[]) {
    if (!isObject(line) || typeof line.number !== 'string' || !DIALLABLE.test(line.number)) continue;
    helpLines.push({
      number: line.number,
      name: typeof line.name === 'string' ? line.name : '',
      description: typeof line.description === 'string' ? line.description : '',
    });
  }
  const schoolContacts = typeof data.schoolContacts === 'string' ? data.schoolContacts : '';
  return { event: 'care', data: { message: data.message, helpLines, schoolContacts } };
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return (error instanceof DOMException && error.name === 'AbortError') || signal?.aborted === true;
}

export interface SendMessageOptions {
  signal?: AbortSignal;
  onEvent: (event: ChatEvent) => void;
}

/**
 * Posts `text` to the conversation and reports each event as it arrives.
 * Throws ApiRequestError when the server refuses before streaming (JSON error, e.g. `no_model`, 401, 429);
 * otherwise resolves with how the stream ended. Aborting `signal` stops the answer: the server keeps
 * the part already written, marked interrupted.
 */
export async function sendMessage(conversationId: string, text: string, options: SendMessageOptions): Promise<ChatOutcome> {
  const { signal, onEvent } = options;
  let response: Response;
  try {
    const init: RequestInit = {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ text }),
    };
    if (signal) init.signal = signal;
    response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, init);
  } catch (error) {
    if (isAbort(error, signal)) return { kind: 'aborted' };
    throw networkError();
  }

  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok || !contentType.includes('text/event-stream') || !response.body) {
    if (response.ok) {
      // A 2xx that is not a stream: nothing to follow, treat it as a server fault.
      throw await errorFromResponse(new Response(null, { status: 502 }));
    }
    if (response.status === 401) notifyUnauthorized();
    throw await errorFromResponse(response);
  }

  try {
    for await (const raw of readSseStream(response.body)) {
      const event = toChatEvent(raw);
      if (!event) continue;
      onEvent(event);
      if (event.event === 'done') return { kind: 'done', messageId: event.data.messageId };
      if (event.event === 'error') return { kind: 'error', code: event.data.code, message: event.data.message };
    }
  } catch (error) {
    if (isAbort(error, signal)) return { kind: 'aborted' };
    return { kind: 'cut' };
  }
  return signal?.aborted ? { kind: 'aborted' } : { kind: 'cut' };
}
