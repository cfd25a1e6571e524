// vitest globalSetup: one PostgreSQL server per test run, shared by all test files through inject().
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startPostgres, testDatabasePrefix, type PostgresServer } from './postgres-server.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  project.provide('tuteurTestRunId', runId);

  if (process.env.TUTEUR_TEST_NO_PG === '1') {
    console.warn('[tests] TUTEUR_TEST_NO_PG=1 : les tests PostgreSQL ne tournent pas.');
    project.provide('tuteurPgAdminUrl', null);
    return async () => {};
  }

  const externalUrl = process.env.TUTEUR_TEST_PG_URL;
  let server: PostgresServer | undefined;
  let url: string;
  if (externalUrl) {
    url = externalUrl;
  } else {
    // Throws PostgresMissingError (French, says to install `postgresql`) when the binaries are missing.
    server = await startPostgres();
    url = server.url;
    // Processes started by tests (CLI, server under test) find the same server.
    process.env.TUTEUR_TEST_PG_URL = url;
  }
  project.provide('tuteurPgAdminUrl', url);

  return async () => {
    if (server) {
      await server.stop();
      delete process.env.TUTEUR_TEST_PG_URL;
      return;
    }
    // Someone else's server: drop what this run created and a worker could not (crash, open pool).
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [testDatabasePrefix(runId)],
      );
      for (const { datname } of rows) {
        await client.query(`drop database if exists "${datname}" with (force)`);
      }
    } finally {
      await client.end().catch(() => {});
    }
  };
}
