// HTTP side of the metrics: every request is counted by route pattern and status, and the Prometheus
// text is served at GET /metrics to administrators (a scraper without a session uses the loopback port).
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';

export interface MetricsRoutesDeps {
  metrics: Pick<Metrics, 'registry' | 'http'>;
}

/** Requests that matched no route are counted under this pattern, so unknown URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

export function registerMetricsRoutes(app: FastifyInstance, deps: MetricsRoutesDeps): void {
  const { registry, http } = deps.metrics;

  // The raw response's 'close' rather than onResponse: it also fires when a pupil leaves a streamed
  // answer (hijacked reply, connection cut), which onResponse never sees.
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    reply.raw.once('close', () => http.observe(request.method, route, reply.raw.statusCode, reply.elapsedTime / 1000));
    done();
  });

  app.get('/metrics', { config: { policy: 'metrics:read' } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
}
