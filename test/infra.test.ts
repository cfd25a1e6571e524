// Proves the test harness itself: the shared PostgreSQL server, per-test databases, SQLite temp files.
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgAdminUrl, testDatabaseUrls } from './databases.ts';

const adminUrl = pgAdminUrl();

describe('test PostgreSQL server', () => {
  it.skipIf(adminUrl === null)('answers on loopback, in UTF-8', async () => {
    const client = new pg.Client({ connectionString: adminUrl ?? '' });
    await client.connect();
    try {
      const { rows } = await client.query<{ encoding: string; v: number }>(
        `select pg_encoding_to_char(encoding) as encoding, current_setting('server_version_num')::int as v
           from pg_database where datname = current_database()`,
      );
      expect(rows[0]).toMatchObject({ encoding: 'UTF8' });
      expect(rows[0]?.v).toBeGreaterThanOrEqual(130000);
    } finally {
      await client.end();
    }
  });
});

describe.each(testDatabaseUrls())('fresh database on $name', ({ name, createUrl }) => {
  it('gives a new, empty, writable database on each call', async () => {
    const [first, second] = [await createUrl(), await createUrl()];
    expect(first).not.toBe(second);

    if (name === 'sqlite') {
      expect(first).toMatch(/^\/.*\.sqlite$/);
      const db = new Database(first);
      try {
        db.exec('create table note (id integer primary key, texte text not null)');
        db.prepare('insert into note (texte) values (?)').run('élève : « ça marche »');
        expect(db.prepare('select texte from note').get()).toEqual({ texte: 'élève : « ça marche »' });
      } finally {
        db.close();
      }
      const other = new Database(second);
      expect(other.prepare("select count(*) as n from sqlite_master where type = 'table'").get()).toEqual({ n: 0 });
      other.close();
    } else {
      expect(first).toMatch(/^postgres:\/\/.+\/tuteur_t_/);
      const client = new pg.Client({ connectionString: first });
      await client.connect();
      try {
        await client.query('create table note (id serial primary key, texte text not null)');
        await client.query('insert into note (texte) values ($1)', ['élève : « ça marche »']);
        const { rows } = await client.query('select texte from note');
        expect(rows).toEqual([{ texte: 'élève : « ça marche »' }]);
      } finally {
        await client.end();
      }
      const other = new pg.Client({ connectionString: second });
      await other.connect();
      const { rows } = await other.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
      expect(rows).toEqual([{ n: 0 }]);
      await other.end();
    }
  });
});
