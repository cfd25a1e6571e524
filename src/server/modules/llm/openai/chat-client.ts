// A small client for one OpenAI-compatible server (llama.cpp server, vLLM, Ollama, LM Studio): streamed
// chat completions over SSE and the model list used as a health check. Failures come out as BackendFailure,
// which says whether another server could take the same request and whether this one should be avoided.
import type { Response } from 'undici';
import { findEgressRefusal, type GuardedFetchInit } from '../../../net/egress-guard.ts';
import type { ChatTurn, GenerateResult, JsonAnswerFormat } from '../llm.types.ts';
import { createSseParser, type SseEvent } from './sse-parser.ts';

export type FetchFn = (url: string | URL, init?: GuardedFetchInit) => Promise<Response>;

export interface BackendEndpoint {
  /** API base, ending in "/v1" (see apiBaseUrl). */
  baseUrl: string;
  apiKey?: string;
  /** The egress guard's fetch: every request and connection checked, redirects refused. */
  fetch: FetchFn;
}

export interface StreamTimeouts {
  /** From sending the request to the first bytes of the answer body (the model reading the prompt). */
  firstByteMs: number;
  /** Longest silence between two pieces of the stream once it has started. */
  idleMs: number;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatTurn[];
  maxTokens: number;
  signal: AbortSignal;
  onToken: (text: string) => void;
  timeouts: StreamTimeouts;
  json?: JsonAnswerFormat;
  /** Sends temperature 0 and a fixed seed (servers that support `seed` then answer the same way twice). */
  deterministic?: boolean;
}

export type BackendFailureKind = 'network' | 'egress' | 'timeout' | 'http' | 'protocol' | 'backend-error' | 'truncated';

/** Why one server did not give a (complete) answer. The message is for logs and never holds pupil text. */
export class BackendFailure extends Error {
  readonly kind: BackendFailureKind;
  readonly status: number | undefined;
  /** Another server could serve this same request. */
  readonly retryable: boolean;
  /** The server itself is unwell or misconfigured: route around it until a health check says otherwise. */
  readonly serverAtFault: boolean;
  constructor(kind: BackendFailureKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BackendFailure';
    this.kind = kind;
    this.status = options.status;
    const status = options.status ?? 0;
    // 400/413/422: this request is wrong (too long…) and would be refused anywhere. 408/429: busy, not broken.
    const requestProblem = kind === 'http' && [400, 413, 422].includes(status);
    const busy = kind === 'http' && [408, 429].includes(status);
    this.retryable = !requestProblem;
    this.serverAtFault = !requestProblem && !busy && kind !== 'backend-error';
  }
}

export interface ModelInfo {
  id: string;
  /** Context window the server reports, when it does (vLLM: max_model_len). */
  contextSize?: number;
}

function headers(endpoint: BackendEndpoint, accept: string): Record<string, string> {
  const result: Record<string, string> = { accept };
  if (endpoint.apiKey) result.authorization = `Bearer ${endpoint.apiKey}`;
  return result;
}

function asFailure(error: unknown): BackendFailure {
  if (error instanceof BackendFailure) return error;
  const refusal = findEgressRefusal(error);
  if (refusal) return new BackendFailure('egress', `egress refused (${refusal.reason})`, { cause: refusal });
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new BackendFailure('network', `network error: ${detail}`, { cause: error });
}

/** GET /v1/models: the health check. Resolves with the models the server offers. */
export async function listModels(endpoint: BackendEndpoint, signal: AbortSignal): Promise<ModelInfo[]> {
  let response: Response;
  try {
    response = await endpoint.fetch(`${endpoint.baseUrl}/models`, { headers: headers(endpoint, 'application/json'), signal });
  } catch (error) {
    throw signal.aborted ? new BackendFailure('timeout', 'health check timed out') : asFailure(error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new BackendFailure('http', `GET /models answered HTTP ${response.status}`, { status: response.status });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw signal.aborted ? new BackendFailure('timeout', 'health check timed out') : new BackendFailure('protocol', 'GET /models: not JSON', { cause: error });
  }
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new BackendFailure('protocol', 'GET /models: no data array');
  return data.flatMap((item: unknown) => {
    const entry = item as { id?: unknown; max_model_len?: unknown };
    if (typeof entry.id !== 'string') return [];
    const model: ModelInfo = { id: entry.id };
    if (typeof entry.max_model_len === 'number' && entry.max_model_len > 0) model.contextSize = entry.max_model_len;
    return [model];
  });
}

interface StreamChunk {
  error?: unknown;
  choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>;
  usage?: { completion_tokens?: unknown };
}

/**
 * POST /v1/chat/completions with stream: true. Resolves like LlmProvider.generate (finishReason 'aborted'
 * when `signal` aborts, with the text so far); rejects with BackendFailure otherwise.
 */
export async function streamChatCompletion(endpoint: BackendEndpoint, request: ChatCompletionRequest): Promise<GenerateResult> {
  const watchdog = new AbortController();
  const signal = AbortSignal.any([request.signal, watchdog.signal]);
  let text = '';
  let deltas = 0;
  let reportedTokens: number | undefined;
  let finishReason: string | undefined;
  let done = false;
  // An exception from the caller's own onToken is the caller's, not a fault of the server.
  let callerError: { error: unknown } | undefined;
  let timer = setTimeout(() => watchdog.abort(new BackendFailure('timeout', `no answer within ${request.timeouts.firstByteMs} ms`)), request.timeouts.firstByteMs);
  let streaming = false;
  const resetIdleTimer = () => {
    if (streaming) {
      timer.refresh();
      return;
    }
    streaming = true;
    clearTimeout(timer);
    timer = setTimeout(() => watchdog.abort(new BackendFailure('timeout', `stream silent for ${request.timeouts.idleMs} ms`)), request.timeouts.idleMs);
  };

  function onEvent(event: SseEvent): void {
    if (done) return;
    if (event.data === '[DONE]') {
      done = true;
      return;
    }
    let chunk: StreamChunk;
    try {
      chunk = JSON.parse(event.data) as StreamChunk;
    } catch (error) {
      throw new BackendFailure('protocol', 'stream event is not JSON', { cause: error });
    }
    if (event.event === 'error' || (chunk.error !== undefined && chunk.error !== null)) {
      throw new BackendFailure('backend-error', 'the server reported an error in the stream');
    }
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content;
    if (typeof content === 'string' && content !== '') {
      text += content;
      deltas++;
      try {
        request.onToken(content);
      } catch (error) {
        callerError = { error };
        throw error;
      }
    }
    if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
    if (typeof chunk.usage?.completion_tokens === 'number') reportedTokens = chunk.usage.completion_tokens;
  }

  const result = (reason: GenerateResult['finishReason']): GenerateResult => ({ text, finishReason: reason, tokenCount: reportedTokens ?? deltas });

  try {
    const response = await endpoint.fetch(`${endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { ...headers(endpoint, 'text/event-stream'), 'content-type': 'application/json' },
      body: JSON.stringify({
        model: request.model,
        messages: request.messages,
        max_tokens: request.maxTokens,
        stream: true,
        ...(request.deterministic ? { temperature: 0, seed: 0 } : {}),
        ...(request.json ? { response_format: { type: 'json_schema', json_schema: { name: request.json.name, strict: true, schema: request.json.schema } } } : {}),
      }),
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new BackendFailure('http', `POST /chat/completions answered HTTP ${response.status}`, { status: response.status });
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new BackendFailure('protocol', `expected an event stream, got "${type.split(';')[0]}"`);
    }
    const decoder = new TextDecoder();
    const parser = createSseParser(onEvent);
    for await (const bytes of response.body) {
      resetIdleTimer();
      parser.push(decoder.decode(bytes as Uint8Array, { stream: true }));
      if (done) break;
    }
    if (!done) {
      parser.push(decoder.decode());
      parser.end();
    }
    if (request.signal.aborted) return result('aborted');
    // Some servers close without "[DONE]"; a finish reason already said the answer was complete.
    if (!done && finishReason === undefined) throw new BackendFailure('truncated', 'stream closed before the end of the answer');
    return result(finishReason === 'length' ? 'length' : 'stop');
  } catch (error) {
    if (callerError) throw callerError.error;
    if (request.signal.aborted) return result('aborted');
    if (watchdog.signal.aborted && watchdog.signal.reason instanceof BackendFailure) throw watchdog.signal.reason;
    throw asFailure(error);
  } finally {
    clearTimeout(timer);
  }
}
