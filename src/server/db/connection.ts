// Opens the database the configuration names: SQLite (default, one school server) or PostgreSQL
// (several instances). The rest of the code only sees Kysely<Database>.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type PostgresPool, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import { planStableSql } from './plan-stable-sql.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** True when a trivial query answers: used by /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const PG_INT8_OID = 20;
const CONNECT_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /**
   * SQLite: WAL checkpoints in a worker thread instead of inside commits (wal-checkpointer.ts). For the long-running
   * server; a CLI command or a test keeps SQLite's own checkpoints.
   */
  backgroundCheckpoint?: { onFailure: (error: Error) => void };
}

export function openDatabase(target: Config['database'], options: OpenOptions = {}): DatabaseHandle {
  if (target.kind === 'postgres') {
    // Epoch-millisecond timestamps are bigint columns: they fit in a JS number exactly.
    const types = new pg.TypeOverrides();
    types.setTypeParser(PG_INT8_OID, (value: string) => Number(value));
    // A server that drops packets must not hang requests forever: they fail and are answered 503.
    const pool = new pg.Pool({ connectionString: target.url, max: 10, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(pool) }) });
    return { db, kind: 'postgres', ping: () => ping(db), close: () => db.destroy() };
  }
  mkdirSync(dirname(target.file), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const checkpointer = options.backgroundCheckpoint ? startWalCheckpointer(sqlite, target.file, options.backgroundCheckpoint) : null;
  return {
    db,
    kind: 'sqlite',
    ping: () => ping(db),
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The database could not be reached at all (refused, closed to connections, timed out, bad credentials). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('La base de données est injoignable.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * node-postgres leaves the errors of a client handed out by the pool to whoever holds it: a connection
 * cut while Kysely holds it (in a transaction, or waiting on a lock) would emit an unhandled 'error' and
 * kill the process. The running query already fails with that error, so the event itself is ignored.
 * A client whose query failed for a lost connection is given back as broken (Kysely releases without an
 * error), so the pool drops it instead of handing the dead socket to the next request.
 * A failure to connect at all is marked as such, whatever its SQLSTATE.
 */
function guardedPool(pool: pg.Pool): PostgresPool {
  const guarded = new WeakSet<pg.PoolClient>();
  const broken = new WeakMap<pg.PoolClient, Error>();
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailableError(error);
      }
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', (error: Error) => broken.set(client, error));
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        client.query = ((...args: unknown[]) => {
          const result = query(...args);
          if (result instanceof Promise) {
            result.catch((error: unknown) => {
              if (isDatabaseUnavailable(error)) broken.set(client, error as Error);
            });
          }
          return result;
        }) as typeof client.query;
      }
      // The pool sets a new release function at each checkout.
      const release = client.release.bind(client);
      client.release = (error?: Error | boolean) => release(error ?? broken.get(client));
      return client;
    },
    end: () => pool.end(),
  };
}

/**
 * SQLite itself rolls a transaction back on SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY; Kysely's ROLLBACK
 * then fails with "no transaction is active" and hides the real error (a full disk answered as a bug).
 */
function rollbackIfActive(sqlite: SQLite.Database, statement: SQLite.Statement): SqliteStatement {
  return {
    reader: false,
    all: (parameters) => statement.all(...parameters),
    iterate: (parameters) => statement.iterate(...parameters),
    run: (parameters) => (sqlite.inTransaction ? statement.run(...parameters) : { changes: 0, lastInsertRowid: 0 }),
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing was 9–16 % of the server's CPU in the
 * serving benchmark. The queries are a fixed set of shapes, so prepared statements are kept and reused
 * (one connection, queries serialised by Kysely: a statement is never used twice at once). Each is written so that
 * SQLite does not compile it again whenever its parameters change (plan-stable-sql.ts).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      if (text === 'rollback') return rollbackIfActive(sqlite, sqlite.prepare(text));
      let statement = cache.get(text);
      if (!statement) {
        statement = sqlite.prepare(planStableSql(text));
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** True when an error from either driver is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// SQLite result codes (extended ones start with these) and PostgreSQL SQLSTATE classes that say "the
// database cannot serve now", not "this request is wrong": locked beyond busy_timeout, disk full, I/O
// error, server unreachable, shutting down, connection cut. The request failed as a whole (its
// transaction rolled back) and may be retried later.
const SQLITE_UNAVAILABLE = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_READONLY'];
// 08: connection exception; 53: insufficient resources (53100 disk full); 57P01-57P03: shutdown or
// starting up; 58: system error (I/O); 40001/40P01: serialization failure and deadlock, retried by the client.
const PG_UNAVAILABLE_CLASSES = ['08', '53', '58'];
const PG_UNAVAILABLE_CODES = ['57P01', '57P02', '57P03', '40001', '40P01'];
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];
// node-postgres reports a lost or impossible connection with plain Errors that carry no code.
const PG_CONNECTION_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /not queryable/, /Cannot use a pool after calling end/];

/** True when an error from either driver means the database is unreachable, locked or full (HTTP 503), not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SQLITE_UNAVAILABLE.some((prefix) => code === prefix || code.startsWith(`${prefix}_`))) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && (PG_UNAVAILABLE_CLASSES.includes(code.slice(0, 2)) || PG_UNAVAILABLE_CODES.includes(code))) return true;
    if (NETWORK_CODES.includes(code)) return true;
  }
  if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // pg.Pool gives an AggregateError when every address of the host refused (IPv4 and IPv6 localhost).
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}
