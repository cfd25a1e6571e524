// LlmProvider over a pool of OpenAI-compatible inference servers: each request goes to the least busy
// healthy server that offers the requested model and has a free slot, waits when all slots are taken, moves
// to another server when the chosen one fails before the first token, and reports a clear error when one
// dies mid-way.
//
// A server is declared down only after several failures in a row (health checks or requests), and any
// success (a health check, a streamed answer) clears them: on a loaded machine a late health answer or one
// reset connection must not take the only server out of the pool. A server never seen healthy is down at the
// first failure, so a wrong URL shows at once.
import type { EgressGuard } from '../../../net/egress-guard.ts';
import { LlmUnavailableError, type GenerateRequest, type GenerateResult, type LlmLogger, type LlmProvider, type LlmStatus } from '../llm.types.ts';
import type { BackendSpec } from './backend-list.ts';
import { BackendFailure, listModels, streamChatCompletion, type BackendEndpoint, type ModelInfo, type StreamTimeouts } from './chat-client.ts';
import { LlmBackendError } from './errors.ts';

/** The periodic health check's timer, replaceable in tests. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface OpenAiTimeouts extends StreamTimeouts {
  /** One health check (GET /v1/models), in this process's own time (see lagTolerantDeadline). */
  healthMs: number;
}

export interface OpenAiProviderOptions {
  backends: readonly BackendSpec[];
  /** Model name sent to the servers; default: the first one the server lists. */
  model?: string;
  apiKey?: string;
  /** Tokens one conversation may hold; default: what the servers report, else 4096. */
  contextSize?: number;
  guard: EgressGuard;
  /** The provider closes the guard with itself (set when the guard was made for it alone). */
  ownsGuard?: boolean;
  logger?: LlmLogger;
  timers?: IntervalTimers;
  healthIntervalMs?: number;
  timeouts?: Partial<OpenAiTimeouts>;
  /** Failures in a row (health checks or requests) before a server that was up is declared down; default 3. */
  failuresBeforeDown?: number;
}

export type BackendState = 'unknown' | 'up' | 'down' | 'refused';

/** One server as the admin page shows it (no credentials in the URL: the configuration refuses them). */
export interface BackendView {
  url: string;
  state: BackendState;
  running: number;
  maxConcurrent: number;
  /** Why the server is down or refused, in French. */
  problem?: string;
  models: string[];
}

export interface OpenAiProvider extends LlmProvider {
  /** Settles once the start checks and the first health check are done. Never rejects. */
  ready(): Promise<void>;
  /** Runs a health check of every server now (a round already running is joined, not doubled). */
  checkHealth(): Promise<void>;
  backends(): BackendView[];
}

/** A server as the admin status and /readyz show it: which models it offers. */
export interface ServerOffer {
  url: string;
  state: BackendState;
  models: string[];
}

export type OpenAiStatus = LlmStatus & { servers?: { healthy: number; total: number; list: ServerOffer[] } };

// A CPU server can take a minute or more to read a long conversation before its first token.
const DEFAULT_TIMEOUTS: OpenAiTimeouts = { firstByteMs: 120_000, idleMs: 30_000, healthMs: 5_000 };
const DEFAULT_HEALTH_INTERVAL_MS = 10_000;
const DEFAULT_CONTEXT_SIZE = 4096;
const DEFAULT_FAILURES_BEFORE_DOWN = 3;
/** Attempts one request may make on the same server (a reset keep-alive connection deserves a second try). */
const TRIES_PER_SERVER = 2;
/** A timer firing this much later than due means the event loop was busy, not that the server was slow. */
const LAG_TOLERANCE_MS = 100;
const MAX_DEADLINE_EXTENSIONS = 3;

/** What a pupil is told, before the question is stored, while no server answers. */
export const SERVERS_DOWN_MESSAGE = 'Les serveurs du tuteur ne répondent pas pour le moment : réessaie dans un instant. Si cela dure, préviens ton professeur.';

/**
 * An abort signal due after `ms`, counted in time this process could actually run: when the timer fires late
 * because the event loop was busy (a machine at load average 15), the answer may already be waiting unread
 * in the socket, so the deadline is pushed back by the delay (a few times at most) instead of blaming the server.
 */
export function lagTolerantDeadline(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  let extensions = 0;
  let timer: ReturnType<typeof setTimeout>;
  const arm = (delay: number) => {
    const due = performance.now() + delay;
    timer = setTimeout(() => {
      const late = performance.now() - due;
      if (late > LAG_TOLERANCE_MS && extensions < MAX_DEADLINE_EXTENSIONS) {
        extensions++;
        arm(Math.min(late, ms));
        return;
      }
      controller.abort(new Error(`no answer within ${ms} ms`));
    }, delay);
  };
  arm(ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

const realTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

interface Backend {
  index: number;
  spec: BackendSpec;
  endpoint: BackendEndpoint;
  state: BackendState;
  running: number;
  problem?: string;
  models: ModelInfo[];
  /** Its model list was read at least once (an empty list before that says nothing). */
  listed: boolean;
  /** Failures in a row since the last success. */
  failures: number;
}

/** Attempts of one request per server. */
type Tries = ReadonlyMap<Backend, number>;

interface Waiter {
  tries: Tries;
  model: string | undefined;
  /** A server with a free slot (already counted as running), or undefined: no server left to try. */
  resolve: (backend: Backend | undefined) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

const silentLogger: LlmLogger = { info() {}, warn() {}, error() {} };

function describeFailure(failure: BackendFailure): string {
  switch (failure.kind) {
    case 'egress':
      return failure.cause instanceof Error ? failure.cause.message : 'Connexion refusée par la protection des sorties réseau.';
    case 'timeout':
      return 'Le serveur ne répond pas dans les délais.';
    case 'http':
      return failure.status === 401 || failure.status === 403
        ? `Le serveur refuse la clé d’API (HTTP ${failure.status}) : vérifiez TUTEUR_LLM_API_KEY.`
        : failure.status === 404
          ? 'Le serveur ne connaît pas ce modèle ou cette adresse (HTTP 404) : vérifiez TUTEUR_LLM_MODEL et l’URL.'
          : `Le serveur répond par une erreur HTTP ${failure.status ?? ''}.`;
    case 'network':
      return 'Le serveur est injoignable.';
    default:
      return 'Le serveur ne parle pas le protocole attendu (API compatible OpenAI).';
  }
}

export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiProvider {
  const logger = options.logger ?? silentLogger;
  const timers = options.timers ?? realTimers;
  const timeouts: OpenAiTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const guardedFetch = options.guard.fetch;
  const pool: Backend[] = options.backends.map((spec, index) => ({
    index,
    spec,
    endpoint: { baseUrl: spec.url, apiKey: options.apiKey, fetch: guardedFetch },
    state: 'unknown',
    running: 0,
    models: [],
    listed: false,
    failures: 0,
  }));
  const failuresBeforeDown = Math.max(1, options.failuresBeforeDown ?? DEFAULT_FAILURES_BEFORE_DOWN);
  const parallel = pool.reduce((sum, backend) => sum + backend.spec.maxConcurrent, 0);
  const waiters: Waiter[] = [];
  const running = new Set<Promise<unknown>>();
  const closing = new AbortController();
  let started = false;
  let healthRound: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  /** The server lists this model (Ollama lists "llama3:latest" for "llama3"). */
  const lists = (backend: Backend, model: string) => backend.models.some((m) => m.id === model || m.id === `${model}:latest`);

  /**
   * Whether a request for `model` may go to this server: one that lists it. No model named: any server. The
   * configured model (TUTEUR_LLM_MODEL) goes to every server when none lists it, as before the catalogue:
   * llama.cpp's server lists its file name and answers whatever name it is sent.
   */
  const serves = (backend: Backend, model: string | undefined) =>
    model === undefined || lists(backend, model) || (model === options.model && !pool.some((b) => lists(b, model)));

  const usable = (backend: Backend, tries: Tries, model: string | undefined) =>
    backend.state === 'up' && (tries.get(backend) ?? 0) < TRIES_PER_SERVER && serves(backend, model);

  /**
   * Among the servers offering the model: those this request has not tried yet first, then the least busy
   * relative to its limit; ties go to the first listed, so a quiet pool keeps its caches warm.
   */
  function pick(tries: Tries, model: string | undefined): Backend | undefined {
    let best: Backend | undefined;
    const rank = (b: Backend) => [tries.get(b) ?? 0, b.running / b.spec.maxConcurrent] as const;
    for (const backend of pool) {
      if (!usable(backend, tries, model) || backend.running >= backend.spec.maxConcurrent) continue;
      if (!best) {
        best = backend;
        continue;
      }
      const [triesA, loadA] = rank(backend);
      const [triesB, loadB] = rank(best);
      if (triesA < triesB || (triesA === triesB && loadA < loadB)) best = backend;
    }
    return best;
  }

  /** Hands free slots to waiters in arrival order; tells those with no server left that there is none. */
  function pump(): void {
    for (const waiter of [...waiters]) {
      const backend = pick(waiter.tries, waiter.model);
      if (!backend && pool.some((b) => usable(b, waiter.tries, waiter.model)) && !closing.signal.aborted) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      if (backend) backend.running++;
      waiter.resolve(backend);
    }
  }

  /** A server with a free slot, undefined when none is left to try, 'aborted' when the caller gave up. */
  function acquire(tries: Tries, model: string | undefined, signal: AbortSignal): Promise<Backend | undefined | 'aborted'> {
    if (signal.aborted) return Promise.resolve('aborted');
    const backend = pick(tries, model);
    if (backend) {
      backend.running++;
      return Promise.resolve(backend);
    }
    if (!pool.some((b) => usable(b, tries, model))) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        tries,
        model,
        resolve,
        signal,
        onAbort: () => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve('aborted');
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      waiters.push(waiter);
    });
  }

  function release(backend: Backend): void {
    backend.running--;
    pump();
  }

  function setState(backend: Backend, state: BackendState, problem?: string): void {
    const previous = backend.state;
    backend.state = state;
    backend.problem = problem;
    if (previous !== state) {
      const fields = { backend: backend.spec.url, state, previous };
      if (state === 'up') logger.info(fields, 'inference server available');
      else logger.warn({ ...fields, problem }, 'inference server unavailable');
    }
    pump();
  }

  /** A health check or an answer went through: the server is alive, whatever failed before. */
  function succeeded(backend: Backend): void {
    backend.failures = 0;
    if (backend.state !== 'up' && backend.state !== 'refused') setState(backend, 'up');
  }

  /**
   * A failure of the server (never the pupil leaving). A server that was up stays up until `failuresBeforeDown`
   * in a row; one never seen up, or refused by the egress guard, is down at once.
   */
  function failed(backend: Backend, problem: string, final = false): void {
    backend.failures++;
    if (final || backend.state !== 'up' || backend.failures >= failuresBeforeDown) setState(backend, 'down', problem);
    else logger.warn({ backend: backend.spec.url, failures: backend.failures, problem }, 'inference server failure, still in the pool');
  }

  async function checkOne(backend: Backend): Promise<void> {
    if (backend.state === 'refused') return;
    const deadline = lagTolerantDeadline(timeouts.healthMs);
    try {
      backend.models = await listModels(backend.endpoint, AbortSignal.any([closing.signal, deadline.signal]));
      backend.listed = true;
      if (closing.signal.aborted) return;
      if (options.model !== undefined && backend.models.length > 0 && !backend.models.some((m) => m.id === options.model)) {
        // Ollama and LM Studio list every installed model; llama.cpp lists its file name. Say it, don't refuse.
        logger.warn({ backend: backend.spec.url, model: options.model, offered: backend.models.map((m) => m.id).slice(0, 10) }, 'configured model not listed by the server');
      }
      succeeded(backend);
      pump(); // the model list may have changed: waiters for a model may now have a server
    } catch (error) {
      if (closing.signal.aborted) return;
      failed(backend, error instanceof BackendFailure ? describeFailure(error) : 'Le serveur est injoignable.', error instanceof BackendFailure && error.kind === 'egress');
    } finally {
      deadline.clear();
    }
  }

  function checkHealth(): Promise<void> {
    healthRound ??= Promise.all(pool.map(checkOne)).then(() => {
      healthRound = undefined;
    });
    return healthRound;
  }

  async function start(): Promise<void> {
    // Each configured URL is checked once here (a refusal is final: the configuration must change), then at
    // every connection by the guard's dispatcher.
    await Promise.all(
      pool.map(async (backend) => {
        try {
          await options.guard.checkUrl(backend.spec.url);
        } catch (error) {
          const reason = (error as { reason?: string }).reason;
          if (reason !== undefined && reason !== 'unresolvable') setState(backend, 'refused', (error as Error).message);
        }
      }),
    );
    await checkHealth();
    started = true;
  }

  const startup = start();
  const healthTimer = timers.setInterval(() => void checkHealth(), options.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS);

  function modelName(): string {
    if (options.model !== undefined) return options.model;
    const up = pool.find((b) => b.state === 'up' && b.models.length > 0) ?? pool.find((b) => b.models.length > 0);
    return up?.models[0]?.id ?? 'modèle du serveur';
  }

  function contextSize(): number {
    if (options.contextSize !== undefined) return options.contextSize;
    const reported = pool.flatMap((b) => (b.state === 'up' ? b.models.map((m) => m.contextSize ?? Infinity) : []));
    const smallest = Math.min(...reported);
    return Number.isFinite(smallest) ? smallest : DEFAULT_CONTEXT_SIZE;
  }

  function status(): OpenAiStatus {
    if (closed) return { state: 'none' };
    if (!started) return { state: 'loading', modelName: modelName() };
    const up = pool.filter((b) => b.state === 'up');
    const servers = { healthy: up.length, total: pool.length, list: pool.map((b) => ({ url: b.spec.url, state: b.state, models: b.models.map((m) => m.id) })) };
    if (up.length === 0) {
      const problem = pool.find((b) => b.problem)?.problem;
      return {
        state: 'error',
        modelName: modelName(),
        message: `Aucun serveur de modèle n’est joignable (0 sur ${pool.length}).${problem ? ` ${problem}` : ''}`,
        // The model is installed: its servers are down. Pupils are told that, not "no model installed".
        unavailable: { code: 'servers_down', message: SERVERS_DOWN_MESSAGE },
        servers,
      };
    }
    return {
      state: 'ready',
      modelName: modelName(),
      contextSize: contextSize(),
      parallel: up.reduce((sum, b) => sum + b.spec.maxConcurrent, 0),
      backend: `serveur compatible OpenAI (${up.length} sur ${pool.length} disponible${up.length > 1 ? 's' : ''})`,
      servers,
    };
  }

  async function generateOnPool(request: GenerateRequest): Promise<GenerateResult> {
    const signal = AbortSignal.any([request.signal, closing.signal]);
    const aborted: GenerateResult = { text: '', finishReason: 'aborted', tokenCount: 0 };
    if (signal.aborted) return aborted;
    if (request.maxTokens <= 0) return { text: '', finishReason: 'length', tokenCount: 0 };
    if (!started) await Promise.race([startup, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    const model = request.model ?? options.model;
    const tries = new Map<Backend, number>();
    let lastFailure: BackendFailure | undefined;
    for (;;) {
      const backend = await acquire(tries, model, signal);
      if (backend === 'aborted') return aborted;
      if (!backend) {
        // Servers whose list is unknown (never reached) might offer it: then they are down, not lacking it.
        if (model !== undefined && !pool.some((b) => b.state !== 'refused' && (serves(b, model) || !b.listed))) {
          logger.warn({ model, offered: [...new Set(pool.flatMap((b) => b.models.map((m) => m.id)))].slice(0, 20) }, 'no inference server offers the requested model');
          throw new LlmBackendError('model_not_served');
        }
        throw new LlmBackendError('backends_failed', '', { cause: lastFailure });
      }
      tries.set(backend, (tries.get(backend) ?? 0) + 1);
      let partial = '';
      const startedAt = performance.now();
      try {
        const result = await streamChatCompletion(backend.endpoint, {
          model: model ?? backend.models[0]?.id ?? 'default',
          messages: request.messages,
          maxTokens: request.maxTokens,
          signal,
          timeouts,
          ...(request.json ? { json: request.json } : {}),
          ...(request.deterministic ? { deterministic: true } : {}),
          onToken: (piece) => {
            if (partial === '') succeeded(backend);
            partial += piece;
            request.onToken(piece);
          },
        });
        if (result.finishReason !== 'aborted') succeeded(backend);
        return result;
      } catch (error) {
        if (!(error instanceof BackendFailure)) throw error;
        logger.warn(
          { backend: backend.spec.url, kind: error.kind, status: error.status, afterFirstToken: partial !== '', ms: Math.round(performance.now() - startedAt) },
          'inference request failed',
        );
        if (error.serverAtFault) failed(backend, describeFailure(error), error.kind === 'egress');
        // Text already reached the pupil: starting again elsewhere would repeat it. The caller keeps it.
        if (partial !== '') throw new LlmBackendError('backend_lost', partial, { cause: error });
        if (!error.retryable) throw new LlmBackendError('request_rejected', '', { cause: error });
        // A server that let the request wait past the first-byte deadline is not asked twice for it.
        if (error.kind === 'timeout') tries.set(backend, TRIES_PER_SERVER);
        lastFailure = error;
      } finally {
        release(backend);
      }
    }
  }

  return {
    status,
    parallel,
    ready: () => startup,
    checkHealth,
    backends: () =>
      pool.map((b) => ({
        url: b.spec.url,
        state: b.state,
        running: b.running,
        maxConcurrent: b.spec.maxConcurrent,
        ...(b.problem === undefined ? {} : { problem: b.problem }),
        models: b.models.map((m) => m.id),
      })),
    async generate(request) {
      if (closed) throw new LlmUnavailableError();
      const run = generateOnPool(request);
      running.add(run);
      try {
        return await run;
      } finally {
        running.delete(run);
      }
    },
    close() {
      closed ??= (async () => {
        timers.clearInterval(healthTimer);
        closing.abort();
        pump();
        await Promise.allSettled([...running, startup]);
        if (options.ownsGuard) await options.guard.close();
      })();
      return closed;
    },
  };
}
