// Optional second listener for Prometheus (TUTEUR_METRICS_PORT): GET /metrics only, bound to 127.0.0.1,
// without authentication because only processes on this machine (the local scraper or agent) reach it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export const METRICS_HOST = '127.0.0.1';

export interface MetricsServer {
  /** The port actually bound (useful when 0 was asked for). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the loopback metrics listener when `metricsPort` is set; resolves undefined otherwise. */
export async function startMetricsServer(config: { metricsPort: number | undefined }, registry: Registry): Promise<MetricsServer | undefined> {
  if (config.metricsPort === undefined) return undefined;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Seul /metrics est servi sur ce port.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Méthode non autorisée.\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Métriques indisponibles.\n'),
    );
  });
  // A scraper keeps its connection open between scrapes; closing must not wait for it.
  server.keepAliveTimeout = 5_000;
  const port = config.metricsPort;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Le port des métriques ${port} est déjà utilisé (TUTEUR_METRICS_PORT).`) : error);
    server.once('error', fail);
    server.listen(port, METRICS_HOST, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${METRICS_HOST}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
