// Metrics: what the chat pipeline reports becomes the right Prometheus series; /metrics is for admins only
// and counts requests by route pattern (never by raw URL); the loopback listener serves the same text.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.ts';
import { installErrorHandler } from '../../http/errors.ts';
import { installRoutePolicies } from '../../http/route-policy.ts';
import type { SessionUser } from '../auth/auth.service.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';
import { createMetrics, NO_CHAT_METRICS, type Metrics } from './metrics.ts';
import { registerMetricsRoutes } from './metrics.routes.ts';

/** The value of one sample line of the Prometheus text, e.g. `tuteur_chat_queue_length` or `x_total{reason="a"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function fakeClock() {
  let ms = 1000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('chat metrics', () => {
  it('tracks queue length, running sequences, tokens, time to first token and durations', async () => {
    const clock = fakeClock();
    const { registry, chat } = createMetrics({ processMetrics: false, now: clock.now });
    const a = chat.onQueued();
    const b = chat.onQueued();
    let text = await registry.metrics();
    expect(sample(text, 'tuteur_chat_queue_length')).toBe(2);
    expect(sample(text, 'tuteur_llm_running_sequences')).toBe(0);

    clock.advance(250);
    a.onStart();
    a.onStart(); // a second call must not move a second answer out of the queue
    clock.advance(150);
    a.onToken();
    clock.advance(1000);
    a.onToken();
    a.onToken();
    text = await registry.metrics();
    expect(sample(text, 'tuteur_chat_queue_length')).toBe(1);
    expect(sample(text, 'tuteur_llm_running_sequences')).toBe(1);
    expect(sample(text, 'tuteur_llm_generated_tokens_total')).toBe(3);
    expect(sample(text, 'tuteur_chat_queue_wait_seconds_sum')).toBeCloseTo(0.25);
    expect(sample(text, 'tuteur_chat_time_to_first_token_seconds_count')).toBe(1);
    expect(sample(text, 'tuteur_chat_time_to_first_token_seconds_sum')).toBeCloseTo(0.4);
    expect(sample(text, 'tuteur_chat_time_to_first_token_seconds_bucket{le="0.25"}')).toBe(0);
    expect(sample(text, 'tuteur_chat_time_to_first_token_seconds_bucket{le="0.5"}')).toBe(1);

    a.onDone('complete');
    a.onDone('error'); // ignored: the answer already ended
    b.onDone('interrupted'); // left while waiting: leaves the queue, never ran
    a.onToken();
    text = await registry.metrics();
    expect(sample(text, 'tuteur_chat_queue_length')).toBe(0);
    expect(sample(text, 'tuteur_llm_running_sequences')).toBe(0);
    expect(sample(text, 'tuteur_llm_generated_tokens_total')).toBe(4);
    expect(sample(text, 'tuteur_chat_answer_duration_seconds_count{outcome="complete"}')).toBe(1);
    expect(sample(text, 'tuteur_chat_answer_duration_seconds_sum{outcome="complete"}')).toBeCloseTo(1.4);
    expect(sample(text, 'tuteur_chat_answer_duration_seconds_count{outcome="interrupted"}')).toBe(1);
    expect(sample(text, 'tuteur_chat_answer_duration_seconds_count{outcome="error"}')).toBeUndefined();
  });

  it('counts rejections by reason, before or after the answer was accepted, from zero', async () => {
    const { registry, chat } = createMetrics({ processMetrics: false });
    let text = await registry.metrics();
    expect(sample(text, 'tuteur_chat_rejections_total{reason="queue_full"}')).toBe(0);
    chat.onRejected('queue_full');
    chat.onRejected('no_model');
    chat.onRejected('answer_in_progress');
    const raced = chat.onQueued();
    raced.onDone('queue_full');
    text = await registry.metrics();
    expect(sample(text, 'tuteur_chat_rejections_total{reason="queue_full"}')).toBe(2);
    expect(sample(text, 'tuteur_chat_rejections_total{reason="no_model"}')).toBe(1);
    expect(sample(text, 'tuteur_chat_rejections_total{reason="answer_in_progress"}')).toBe(1);
    expect(sample(text, 'tuteur_chat_queue_length')).toBe(0);
    expect(text).not.toContain('tuteur_chat_answer_duration_seconds_count');
  });

  it('reads the model side at scrape time and adds process metrics when asked', async () => {
    let state = 'loading';
    const { registry } = createMetrics({ llm: { parallel: 4, status: () => ({ state }) } });
    let text = await registry.metrics();
    expect(sample(text, 'tuteur_llm_parallel_sequences')).toBe(4);
    expect(sample(text, 'tuteur_llm_model_state{state="loading"}')).toBe(1);
    expect(sample(text, 'tuteur_process_resident_memory_bytes')).toBeGreaterThan(0);
    state = 'ready';
    text = await registry.metrics();
    expect(sample(text, 'tuteur_llm_model_state{state="ready"}')).toBe(1);
    expect(sample(text, 'tuteur_llm_model_state{state="loading"}')).toBe(0);
  });

  it('has a do-nothing variant with the same shape', () => {
    const answer = NO_CHAT_METRICS.onQueued();
    expect(() => {
      answer.onStart();
      answer.onToken();
      answer.onDone('complete');
      NO_CHAT_METRICS.onRejected('no_model');
    }).not.toThrow();
  });
});

const users: Record<string, SessionUser> = {};
for (const role of ['pupil', 'teacher', 'dpo', 'school-admin', 'academie-admin'] satisfies Role[]) {
  users[role] = { id: `${role}-id`, role, schoolId: role === 'academie-admin' ? null : 'school-1', login: role, displayName: role };
}

async function metricsApp(metrics: Metrics): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  await app.register(fastifyCookie);
  // The session cookie holds the role directly: the real authentication is tested with the auth module.
  installRoutePolicies(app, async (token) => (token ? (users[token] ?? null) : null));
  registerMetricsRoutes(app, { metrics });
  app.get('/api/conversations/:id', { config: { policy: 'public' } }, async () => ({ ok: true }));
  app.post('/api/conversations/:id/messages', { config: { policy: 'public' } }, async (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end('event: done\ndata: {}\n\n');
  });
  await app.ready();
  return app;
}

describe('GET /metrics', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('is for school and académie admins only', async () => {
    app = await metricsApp(createMetrics({ processMetrics: false }));
    const as = (role?: string) => app!.inject({ method: 'GET', url: '/metrics', cookies: role ? { tuteur_session: role } : {} });
    expect((await as()).statusCode).toBe(401);
    for (const role of ['pupil', 'teacher', 'dpo']) expect((await as(role)).statusCode).toBe(403);
    for (const role of ['school-admin', 'academie-admin']) {
      const response = await as(role);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain('# TYPE tuteur_chat_queue_length gauge');
    }
  });

  it('counts requests by route pattern and status, streamed answers and unknown URLs included', async () => {
    app = await metricsApp(createMetrics({ processMetrics: false }));
    const id = '3f1c9a52-7d7e-4d8e-9a0c-2b1f3e4d5c6a';
    await app.inject({ method: 'GET', url: `/api/conversations/${id}` });
    await app.inject({ method: 'GET', url: `/api/conversations/${id}?secret=zorglub` });
    await app.inject({ method: 'POST', url: `/api/conversations/${id}/messages` });
    await app.inject({ method: 'GET', url: '/api/zorglub-nowhere' });
    await app.inject({ method: 'GET', url: '/metrics', cookies: { tuteur_session: 'pupil' } });
    const text = (await app.inject({ method: 'GET', url: '/metrics', cookies: { tuteur_session: 'school-admin' } })).body;
    expect(sample(text, 'tuteur_http_requests_total{method="GET",route="/api/conversations/:id",status="200"}')).toBe(2);
    expect(sample(text, 'tuteur_http_requests_total{method="POST",route="/api/conversations/:id/messages",status="200"}')).toBe(1);
    expect(sample(text, 'tuteur_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(sample(text, 'tuteur_http_requests_total{method="GET",route="/metrics",status="403"}')).toBe(1);
    expect(sample(text, 'tuteur_http_request_duration_seconds_count{method="GET",route="/api/conversations/:id"}')).toBe(2);
    expect(text).not.toContain(id);
    expect(text).not.toContain('zorglub');
  });

  it('counts a streamed answer whose client went away', async () => {
    const metrics = createMetrics({ processMetrics: false });
    app = Fastify();
    await app.register(fastifyCookie);
    installRoutePolicies(app, async () => null);
    registerMetricsRoutes(app, { metrics });
    app.post('/api/stream', { config: { policy: 'public' } }, async (request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('event: token\ndata: {}\n\n');
      // Never ends by itself: the client leaves.
      await new Promise<void>((resolve) => request.raw.socket.once('close', resolve));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/stream' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end();
    });
    let count: number | undefined;
    for (let i = 0; i < 50 && count === undefined; i++) {
      await new Promise((r) => setTimeout(r, 10));
      count = sample(await metrics.registry.metrics(), 'tuteur_http_requests_total{method="POST",route="/api/stream",status="200"}');
    }
    expect(count).toBe(1);
  });
});

describe('loopback metrics listener', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is off unless a port is configured', async () => {
    expect(await startMetricsServer({ metricsPort: undefined }, createMetrics({ processMetrics: false }).registry)).toBeUndefined();
  });

  it('serves GET /metrics on 127.0.0.1 without a session, and nothing else', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.chat.onRejected('no_model');
    server = await startMetricsServer({ metricsPort: 0 }, metrics.registry);
    expect(server!.url).toBe(`http://127.0.0.1:${server!.port}/metrics`);
    const response = await fetch(server!.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(await response.text(), 'tuteur_chat_rejections_total{reason="no_model"}')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${server!.port}/`)).status).toBe(404);
    expect((await fetch(server!.url, { method: 'POST' })).status).toBe(405);
  });

  it('says in French when the port is taken', async () => {
    const registry = createMetrics({ processMetrics: false }).registry;
    server = await startMetricsServer({ metricsPort: 0 }, registry);
    await expect(startMetricsServer({ metricsPort: server!.port }, registry)).rejects.toThrow(/port des métriques .* déjà utilisé/);
  });
});
