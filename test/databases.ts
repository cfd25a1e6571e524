// Fresh, isolated databases for data-layer tests that must pass on SQLite and on PostgreSQL.
//
//   describe.each(testDatabaseUrls())('repo on $name', ({ createUrl }) => {
//     let db: Kysely<Database>;
//     beforeEach(async () => { db = await openDatabase(await createUrl()); });
//     afterEach(async () => { await db.destroy(); });
//     ...
//   });
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { testDatabasePrefix } from './postgres-server.ts';

export type TestDatabaseKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  name: TestDatabaseKind;
  /**
   * A new empty database on each call.
   * sqlite: an absolute file path (`/tmp/tuteur-sqlite-XXXXXX/db-1.sqlite`, the file does not exist yet);
   * postgres: `postgres://postgres@127.0.0.1:PORT/tuteur_t_<run>_<pid>_<n>`.
   */
  createUrl: () => Promise<string>;
}

let counter = 0;
let sqliteDir: string | undefined;
const postgresDatabases: { adminUrl: string; name: string }[] = [];

/** Superuser URL of the test PostgreSQL server, or null when the run has TUTEUR_TEST_NO_PG=1. */
export function pgAdminUrl(): string | null {
  const url = inject('tuteurPgAdminUrl');
  if (url === undefined) {
    throw new Error("Pas de serveur PostgreSQL de test : cette configuration vitest n'a pas test/global-setup.ts en globalSetup.");
  }
  return url;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createSqliteUrl(): Promise<string> {
  sqliteDir ??= mkdtempSync(join(tmpdir(), 'tuteur-sqlite-'));
  return join(sqliteDir, `db-${++counter}.sqlite`);
}

export async function createPostgresUrl(adminUrl = pgAdminUrl()): Promise<string> {
  if (!adminUrl) throw new Error('PostgreSQL est désactivé pour ces tests (TUTEUR_TEST_NO_PG=1).');
  const name = `${testDatabasePrefix(inject('tuteurTestRunId') ?? 'manual')}${process.pid}_${++counter}`;
  await withAdmin(adminUrl, (client) => client.query(`create database "${name}"`));
  postgresDatabases.push({ adminUrl, name });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops what this test file created. Runs by itself after the file (see the end of this module); a database
 * that still has open connections is left for the end of the run (close pools in afterEach/afterAll).
 */
export async function dropTestDatabases(): Promise<void> {
  if (sqliteDir) {
    rmSync(sqliteDir, { recursive: true, force: true });
    sqliteDir = undefined;
  }
  const databases = postgresDatabases.splice(0);
  for (const { adminUrl, name } of databases) {
    try {
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists "${name}"`));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '55006') {
        console.warn(`[tests] la base ${name} a encore des connexions ouvertes à la fin du fichier (pool non fermé ?)`);
      } else {
        throw err;
      }
    }
  }
}

/** Both databases (only SQLite when the run has TUTEUR_TEST_NO_PG=1), for describe.each. */
export function testDatabaseUrls(): TestDatabase[] {
  const adminUrl = pgAdminUrl();
  const list: TestDatabase[] = [{ name: 'sqlite', createUrl: createSqliteUrl }];
  if (adminUrl) list.push({ name: 'postgres', createUrl: () => createPostgresUrl(adminUrl) });
  return list;
}

// Importing this module from a test file registers the cleanup on that file (each file has its own copy of
// the module); the exit handler catches the SQLite files of a worker that stops early.
afterAll(dropTestDatabases);
process.on('exit', () => {
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
});
