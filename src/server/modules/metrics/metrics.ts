// Prometheus metrics of one Tuteur process: the answer pipeline (queue, running sequences, tokens, time
// to first token, durations, rejections) and HTTP requests by route pattern. Labels never carry an id,
// a login or any text: only fixed words, route patterns and status codes.
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a message was refused before (or instead of) being answered. */
export type RejectionReason = 'queue_full' | 'no_model' | 'answer_in_progress';

/** How an answer ended; a rejection reason when it was refused after being accepted (scheduler race, model gone). */
export type AnswerOutcome = 'complete' | 'interrupted' | 'error' | RejectionReason;

/** The life of one accepted answer. Every method is cheap (no allocation, no label lookup) and safe to call twice. */
export interface AnswerMetrics {
  /** The answer got a generation slot (the scheduler granted it). */
  onStart(): void;
  /** One streamed piece of the answer; the first call also records the time to first token. */
  onToken(): void;
  /** The answer is over, whatever happened; later calls are ignored. */
  onDone(outcome: AnswerOutcome): void;
}

/** What the chat service reports. */
export interface ChatMetrics {
  /** A pupil's message was stored and its answer now waits for a slot. */
  onQueued(): AnswerMetrics;
  /** A message was refused before its answer was accepted (HTTP 503/409). */
  onRejected(reason: RejectionReason): void;
}

const NO_ANSWER_METRICS: AnswerMetrics = { onStart: () => undefined, onToken: () => undefined, onDone: () => undefined };

/** Reports nothing: for callers built without metrics (CLI, unit tests). */
export const NO_CHAT_METRICS: ChatMetrics = {
  onQueued: () => NO_ANSWER_METRICS,
  onRejected: () => undefined,
};

export interface HttpMetrics {
  /** One finished HTTP request: `route` is the route pattern (e.g. /api/conversations/:id), never the raw URL. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** The model side, read at scrape time. */
export interface ModelGaugeSource {
  readonly parallel: number;
  status(): { state: string };
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event-loop lag, GC) from prom-client; default true. */
  processMetrics?: boolean;
  /** Generation slots and model state, read when /metrics is scraped. */
  llm?: ModelGaugeSource;
  /** Monotonic milliseconds; tests pass a fake one. */
  now?: () => number;
}

export interface Metrics {
  registry: Registry;
  chat: ChatMetrics;
  http: HttpMetrics;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const REJECTION_REASONS: readonly RejectionReason[] = ['queue_full', 'no_model', 'answer_in_progress'];
const MODEL_STATES = ['none', 'loading', 'ready', 'error'] as const;

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const now = options.now ?? (() => performance.now());
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'tuteur_' });

  // Hot-path counts are plain numbers; prom-client reads them only when /metrics is scraped.
  let queued = 0;
  let running = 0;
  let pendingTokens = 0;

  new Gauge({
    name: 'tuteur_chat_queue_length',
    help: 'Answers waiting for a generation slot.',
    registers,
    collect() {
      this.set(queued);
    },
  });
  new Gauge({
    name: 'tuteur_llm_running_sequences',
    help: 'Answers being generated right now.',
    registers,
    collect() {
      this.set(running);
    },
  });
  new Counter({
    name: 'tuteur_llm_generated_tokens_total',
    help: 'Pieces of answer streamed to pupils (one per generated token, give or take multi-byte characters); rate() gives tokens/s.',
    registers,
    collect() {
      if (pendingTokens > 0) this.inc(pendingTokens);
      pendingTokens = 0;
    },
  });
  const llm = options.llm;
  if (llm) {
    new Gauge({
      name: 'tuteur_llm_parallel_sequences',
      help: 'Answers the model can generate at once (parallel sequences or backend slots).',
      registers,
      collect() {
        this.set(llm.parallel);
      },
    });
    new Gauge({
      name: 'tuteur_llm_model_state',
      help: 'State of the language model: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
      collect() {
        const state = llm.status().state;
        for (const s of MODEL_STATES) this.set({ state: s }, s === state ? 1 : 0);
      },
    });
  }

  const queueWait = new Histogram({
    name: 'tuteur_chat_queue_wait_seconds',
    help: 'Time from a stored question to its generation slot.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const firstToken = new Histogram({
    name: 'tuteur_chat_time_to_first_token_seconds',
    help: 'Time from a stored question to the first streamed piece of its answer, queue wait included.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const answerDuration = new Histogram({
    name: 'tuteur_chat_answer_duration_seconds',
    help: 'Time from a stored question to the end of its answer, by outcome.',
    labelNames: ['outcome'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const rejections = new Counter({
    name: 'tuteur_chat_rejections_total',
    help: 'Messages refused: queue full (503), no model (503), an answer already in progress for this pupil (409).',
    labelNames: ['reason'],
    registers,
  });
  // Zero-valued series from the start, so rate() and alerts work before the first rejection.
  for (const reason of REJECTION_REASONS) rejections.inc({ reason }, 0);
  const durationByOutcome = {
    complete: answerDuration.labels('complete'),
    interrupted: answerDuration.labels('interrupted'),
    error: answerDuration.labels('error'),
  };
  const rejectionByReason: Record<RejectionReason, { inc(): void }> = {
    queue_full: rejections.labels('queue_full'),
    no_model: rejections.labels('no_model'),
    answer_in_progress: rejections.labels('answer_in_progress'),
  };

  const chat: ChatMetrics = {
    onQueued() {
      const acceptedAt = now();
      let started = false;
      let sawToken = false;
      let done = false;
      queued += 1;
      return {
        onStart() {
          if (started || done) return;
          started = true;
          queued -= 1;
          running += 1;
          queueWait.observe((now() - acceptedAt) / 1000);
        },
        onToken() {
          pendingTokens += 1;
          if (sawToken) return;
          sawToken = true;
          firstToken.observe((now() - acceptedAt) / 1000);
        },
        onDone(outcome) {
          if (done) return;
          done = true;
          if (started) running -= 1;
          else queued -= 1;
          if (outcome === 'complete' || outcome === 'interrupted' || outcome === 'error') {
            durationByOutcome[outcome].observe((now() - acceptedAt) / 1000);
          } else {
            rejectionByReason[outcome].inc();
          }
        },
      };
    },
    onRejected(reason) {
      rejectionByReason[reason].inc();
    },
  };

  const requests = new Counter({
    name: 'tuteur_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const requestDuration = new Histogram({
    name: 'tuteur_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern (a streamed answer lasts as long as its answer).',
    labelNames: ['method', 'route'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  // Label children cached by key: the set of (method, route, status) seen by one process is small.
  const requestChildren = new Map<string, { inc(): void }>();
  const durationChildren = new Map<string, { observe(value: number): void }>();
  const http: HttpMetrics = {
    observe(method, route, status, seconds) {
      const routeKey = `${method} ${route}`;
      const key = `${routeKey} ${status}`;
      let counter = requestChildren.get(key);
      if (!counter) {
        counter = requests.labels(method, route, String(status));
        requestChildren.set(key, counter);
      }
      counter.inc();
      let histogram = durationChildren.get(routeKey);
      if (!histogram) {
        histogram = requestDuration.labels(method, route);
        durationChildren.set(routeKey, histogram);
      }
      histogram.observe(seconds);
    },
  };

  return { registry, chat, http };
}
