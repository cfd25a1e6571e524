// Database faults under a pupil's message: SQLite locked beyond its busy timeout and full (max_page_count),
// PostgreSQL refusing connections, on a closed port, and a connection cut in the middle of the message's
// transaction. Each time: a 503 with a French message and Retry-After (never a 500 or the driver's words),
// the message either stored (2xx and a `stored` event) or not at all (and the pupil is told so), readiness
// says the database is down while it is, and the service answers again once the fault is gone.
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresUrl, createSqliteUrl, pgAdminUrl } from '../databases.ts';
import { isDatabaseUnavailable, openDatabase } from '../../src/server/db/connection.ts';
import { installErrorHandler } from '../../src/server/http/errors.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser } from '../../src/server/testing/test-app.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Faults injected and pupil messages checked across this file (each count asserted where it is made), for SECURITY.md. */
const tally = { faults: 0, accepted: 0, refused: 0 };
afterAll(() => {
  console.info(`database faults: ${tally.faults} injected; ${tally.accepted} messages accepted, all found stored; ${tally.refused} refused with 503, none stored`);
});

async function pupilApp(databaseUrl: string) {
  const t = await createTestApp({ databaseUrl, llm: createFakeProvider({ tokens: ['Bonne', ' question'] }) });
  cleanups.push(() => t.close());
  const school = await seedSchool(t.services);
  await seedUser(t.services, 'pupil', 'eleve', school);
  const cookie = await loginAs(t.app, 'eleve');
  const conversation = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>().id;
  const post = (text: string) => t.app.inject({ method: 'POST', url: `/api/conversations/${conversation}/messages`, headers: asUser(cookie), payload: { text } });
  const pupilMessages = async () =>
    (await t.database.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation).where('author', '=', 'pupil').execute()).length;
  return { t, cookie, post, pupilMessages };
}

type Response = Awaited<ReturnType<Awaited<ReturnType<typeof pupilApp>>['post']>>;

/** The contract of a refused message: 503, Retry-After, French, nothing technical, "not stored". */
function expectRefusedNotStored(response: Response): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('60');
  const body = response.json<{ code: string; message: string; stored: boolean }>();
  expect(body).toEqual({
    code: 'database_unavailable',
    message: 'Le serveur est momentanément indisponible : réessaie dans une minute. Ton message n’a pas été enregistré.',
    stored: false,
  });
  expect(response.body).not.toMatch(/sqlite|postgres|SQLSTATE|ECONN|\/tmp|select|insert/i);
}

function expectStored(response: Response): string {
  expect(response.statusCode).toBe(200);
  const stored = parseSse(response.body).find((e) => e.event === 'stored');
  expect(stored).toBeDefined();
  return (stored?.data as { messageId: string }).messageId;
}

describe('SQLite faults', () => {
  it('answers 503 when the database stays locked beyond busy_timeout, stores nothing, and works once released', async () => {
    const file = await createSqliteUrl();
    const { t, cookie, post, pupilMessages } = await pupilApp(file);
    expectStored(await post('Première question'));

    // Another process (a backup tool, a second server started by mistake) holds the write lock.
    const other = new SQLite(file);
    cleanups.push(async () => other.close());
    other.prepare('begin immediate').run();
    tally.faults += 1;
    const started = Date.now();
    const refused = await post('Question pendant le verrou');
    expectRefusedNotStored(refused);
    tally.refused += 1;
    // busy_timeout is 5 s: the request waited for the lock, then gave up, bounded.
    expect(Date.now() - started).toBeLessThan(8000);
    // Reads still work in WAL mode while a writer holds the lock.
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: asUser(cookie) })).statusCode).toBe(200);
    other.prepare('rollback').run();

    expect(await pupilMessages()).toBe(1);
    expectStored(await post('Question après le verrou'));
    tally.accepted += 2;
    expect(await pupilMessages()).toBe(2);
    expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.database.db)).rows).toEqual([{ integrity_check: 'ok' }]);
  }, 20_000);

  it('answers 503 when the disk is full, keeps every accepted message and nothing half-written', async () => {
    const { t, post, pupilMessages } = await pupilApp(await createSqliteUrl());
    // A full disk, simulated: the database may not grow beyond its current size.
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(t.database.db)).rows[0]!.page_count;
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(t.database.db);
    tally.faults += 1;
    let accepted = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 300 && !refused; i += 1) {
      const response = await post(`Question numéro ${i} ${'du texte pour remplir les pages '.repeat(20)}`);
      if (response.statusCode === 200) {
        expectStored(response);
        accepted += 1;
      } else {
        refused = response;
      }
    }
    expect(refused, 'the database never filled up').toBeDefined();
    expectRefusedNotStored(refused!);
    expect(await pupilMessages()).toBe(accepted);
    tally.accepted += accepted;
    tally.refused += 1;
    expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.database.db)).rows).toEqual([{ integrity_check: 'ok' }]);

    // Room again (the administrator freed disk space): the pupil's retry is stored.
    await sql.raw(`pragma max_page_count = ${pages * 100}`).execute(t.database.db);
    expectStored(await post('Question après avoir libéré de la place'));
    tally.accepted += 1;
    expect(await pupilMessages()).toBe(accepted + 1);
  }, 60_000);
});

describe('PostgreSQL faults', () => {
  it.runIf(pgAdminUrl() !== null)('answers 503 while the server refuses connections, says so in /readyz, and recovers', async () => {
    const url = await createPostgresUrl();
    const name = new URL(url).pathname.slice(1);
    const { t, post, pupilMessages } = await pupilApp(url);
    expectStored(await post('Avant la panne'));

    const admin = new pg.Client({ connectionString: pgAdminUrl()! });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`alter database "${name}" allow_connections true`).catch(() => undefined);
      await admin.end();
    });
    await admin.query(`alter database "${name}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    tally.faults += 1;

    expectRefusedNotStored(await post('Pendant la panne'));
    tally.refused += 1;
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json<{ database: string }>().database]).toEqual([503, 'down']);

    await admin.query(`alter database "${name}" allow_connections true`);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expectStored(await post('Après la panne'));
    tally.accepted += 2;
    expect(await pupilMessages()).toBe(2);
  }, 30_000);

  it.runIf(pgAdminUrl() !== null)('rolls the message back when its connection is cut in the middle of the transaction', async () => {
    const url = await createPostgresUrl();
    const name = new URL(url).pathname.slice(1);
    const { post, pupilMessages } = await pupilApp(url);
    expectStored(await post('Avant la coupure'));

    // Holds the messages table so the message's transaction stops half-way, then cuts its connection there.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query('begin');
    await admin.query('lock table messages in access exclusive mode');
    const pending = post('Pendant la coupure');
    let waiting = 0;
    for (let i = 0; i < 100 && waiting === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rows = await admin.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and wait_event_type = 'Lock' and xact_start is not null",
        [name],
      );
      waiting = Number(rows.rows[0]?.n ?? 0);
    }
    expect(waiting, 'the message never reached its transaction').toBeGreaterThan(0);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    tally.faults += 1;
    await admin.query('rollback');

    expectRefusedNotStored(await pending);
    tally.refused += 1;
    expect(await pupilMessages()).toBe(1);
    expectStored(await post('Après la coupure'));
    tally.accepted += 2;
    expect(await pupilMessages()).toBe(2);
  }, 30_000);

  it('answers 503 when PostgreSQL is on a closed port, without waiting and without internals', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const probe = Fastify();
    await probe.listen({ port: 0, host: '127.0.0.1' });
    const port = (probe.server.address() as { port: number }).port;
    await probe.close();
    const database = openDatabase({ kind: 'postgres', url: `postgres://tuteur@127.0.0.1:${port}/tuteur` });
    cleanups.push(() => database.close());
    const failure = await sql`select 1`.execute(database.db).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(failure)).toBe(true);

    const app = Fastify();
    installErrorHandler(app);
    app.get('/lecture', async () => sql`select 1`.execute(database.db));
    cleanups.push(() => app.close());
    tally.faults += 1;
    const response = await app.inject({ method: 'GET', url: '/lecture' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.json()).toEqual({ code: 'database_unavailable', message: 'Le serveur est momentanément indisponible : réessaie dans une minute.' });
  });
});

describe('what is a database fault', () => {
  it('tells unavailability (503) apart from bugs and bad requests (not 503)', () => {
    const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      withCode('SQLITE_BUSY'),
      withCode('SQLITE_BUSY_SNAPSHOT'),
      withCode('SQLITE_LOCKED'),
      withCode('SQLITE_FULL'),
      withCode('SQLITE_IOERR_WRITE'),
      withCode('53100'),
      withCode('57P01'),
      withCode('08006'),
      withCode('ECONNREFUSED'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isDatabaseUnavailable(error), String((error as { code?: string }).code ?? error.message)).toBe(true);
    }
    for (const error of [withCode('SQLITE_CONSTRAINT_UNIQUE'), withCode('23505'), withCode('42P01'), withCode('SQLITE_ERROR'), new TypeError('x is undefined'), 'SQLITE_BUSY', null]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
