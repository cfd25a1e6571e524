// Readiness on real parts: a real database (SQLite and PostgreSQL) that answers, is closed, or hangs; an
// OpenAI-compatible pool of loopback servers that die one after the other.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresUrl, pgAdminUrl, testDatabaseUrls } from '../../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { createFakeProvider } from '../modules/llm/fake.provider.ts';
import type { LlmProvider } from '../modules/llm/llm.types.ts';
import { apiBaseUrl } from '../modules/llm/openai/backend-list.ts';
import { createOpenAiProvider } from '../modules/llm/openai/openai.provider.ts';
import { startOpenAiTestServer } from '../modules/llm/openai/testing/openai-test-server.ts';
import { createEgressGuard } from '../net/egress-guard.ts';
import { checkReadiness } from './readiness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const open = (url: string): DatabaseHandle => openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });
const readyModel = (): LlmProvider => createFakeProvider();

describe.each(testDatabaseUrls())('readiness on $name', ({ createUrl }) => {
  it('is ready when the database answers and a model is loaded', async () => {
    const database = open(await createUrl());
    cleanups.push(() => database.close());
    expect(await checkReadiness({ database, llm: readyModel() })).toEqual({ ready: true, body: { database: 'ok', model: 'ready' } });
  });

});

describe('readiness when PostgreSQL stops serving the database', () => {
  it.runIf(pgAdminUrl() !== null)('is not ready while connections are refused, and ready again afterwards', async () => {
    const url = await createPostgresUrl();
    const name = new URL(url).pathname.slice(1);
    const database = open(url);
    cleanups.push(() => database.close());
    expect((await checkReadiness({ database, llm: readyModel() })).ready).toBe(true);

    // What an administrator (or a failover) does to a database: no new connection, existing ones cut.
    const admin = new pg.Client({ connectionString: pgAdminUrl()! });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`alter database "${name}" allow_connections true`).catch(() => undefined);
      await admin.end();
    });
    await admin.query(`alter database "${name}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    expect(await checkReadiness({ database, llm: readyModel() })).toEqual({ ready: false, body: { database: 'down', model: 'ready' } });

    await admin.query(`alter database "${name}" allow_connections true`);
    expect((await checkReadiness({ database, llm: readyModel() })).ready).toBe(true);
  });
});

describe('readiness when the database does not answer', () => {
  it('says down within the probe timeout when PostgreSQL accepts connections but never answers', async () => {
    // A host that takes the connection and then says nothing (overloaded, half-dead network).
    const sockets = new Set<Socket>();
    const blackHole: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const port = (blackHole.address() as { port: number }).port;
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          blackHole.close(() => resolve());
        }),
    );
    const database = open(`postgres://tuteur@127.0.0.1:${port}/tuteur`);
    cleanups.push(() => Promise.race([database.close(), new Promise((resolve) => setTimeout(resolve, 500))]));
    const startedAt = performance.now();
    const readiness = await checkReadiness({ database, llm: readyModel(), timeoutMs: 300 });
    expect(readiness).toEqual({ ready: false, body: { database: 'down', model: 'ready' } });
    expect(performance.now() - startedAt).toBeLessThan(1500);
  });

  it('says down at once when nothing listens', async () => {
    const database = open('postgres://tuteur@127.0.0.1:1/tuteur');
    cleanups.push(() => database.close());
    expect((await checkReadiness({ database, llm: readyModel() })).body.database).toBe('down');
  });
});

describe('readiness of the language model', () => {
  const database: Pick<DatabaseHandle, 'ping'> = { ping: () => Promise.resolve(true) };

  it('is ready while one server of the pool is up, not ready when every one is down', async () => {
    const a = await startOpenAiTestServer();
    const b = await startOpenAiTestServer();
    cleanups.push(() => a.kill(), () => b.kill());
    const provider = createOpenAiProvider({
      backends: [
        { url: apiBaseUrl(a.url), maxConcurrent: 2 },
        { url: apiBaseUrl(b.url), maxConcurrent: 2 },
      ],
      guard: createEgressGuard(),
      ownsGuard: true,
      timeouts: { healthMs: 1000 },
      healthIntervalMs: 3_600_000,
      failuresBeforeDown: 1,
    });
    cleanups.push(() => provider.close());
    await provider.ready();
    expect(await checkReadiness({ database, llm: provider })).toEqual({ ready: true, body: { database: 'ok', model: 'ready', servers: { healthy: 2, total: 2 } } });

    await a.kill();
    await provider.checkHealth();
    expect(await checkReadiness({ database, llm: provider })).toEqual({ ready: true, body: { database: 'ok', model: 'ready', servers: { healthy: 1, total: 2 } } });

    await b.kill();
    await provider.checkHealth();
    expect(await checkReadiness({ database, llm: provider })).toEqual({ ready: false, body: { database: 'ok', model: 'error', servers: { healthy: 0, total: 2 } } });

    await a.revive();
    await provider.checkHealth();
    expect((await checkReadiness({ database, llm: provider })).ready).toBe(true);
  });

  it('treats "no model configured" as ready and a model still loading as not ready', async () => {
    expect(await checkReadiness({ database, llm: { status: () => ({ state: 'none' }) } })).toEqual({ ready: true, body: { database: 'ok', model: 'none' } });
    expect((await checkReadiness({ database, llm: { status: () => ({ state: 'loading', modelName: 'm.gguf' }) } })).ready).toBe(false);
    expect((await checkReadiness({ database, llm: { status: () => ({ state: 'error', modelName: 'm.gguf', message: 'fichier abîmé' }) } })).ready).toBe(false);
  });
});
