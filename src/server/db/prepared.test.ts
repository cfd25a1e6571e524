// Prepared queries give the rows the plain builder gives, in and out of transactions, on both databases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { prepareQuery } from './prepared.ts';

describe.each(testDatabaseUrls())('prepared queries on $name', ({ createUrl }) => {
  let database: DatabaseHandle;

  beforeEach(async () => {
    const url = await createUrl();
    database = openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });
    await migrateToLatest(database.db);
    await database.db
      .insertInto('schools')
      .values([
        { id: 's1', name: 'Lycée Un', uai: '0000001A', created_at: 1 },
        { id: 's2', name: 'Collège Deux', uai: '0000002B', created_at: 2 },
        { id: 's3', name: 'Lycée Trois', uai: '0000003C', created_at: 3 },
      ])
      .execute();
  });
  afterEach(async () => database.close());

  it('builds once, then binds each call’s values: the same rows as the plain builder', async () => {
    let builds = 0;
    const since = prepareQuery((db, after: number, limit: number) => {
      builds++;
      return db.selectFrom('schools').select(['id', 'name']).where('created_at', '>', after).orderBy('created_at').limit(limit);
    });
    const plain = (after: number, limit: number) => database.db.selectFrom('schools').select(['id', 'name']).where('created_at', '>', after).orderBy('created_at').limit(limit).execute();
    expect(await since.execute(database.db, 0, 10)).toEqual(await plain(0, 10));
    expect(await since.execute(database.db, 1, 1)).toEqual(await plain(1, 1));
    expect(await since.executeTakeFirst(database.db, 3, 5)).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('runs inside a transaction, whose rollback undoes it, with the compiled query of its database', async () => {
    let builds = 0;
    const rename = prepareQuery((db, name: string, id: string) => {
      builds++;
      return db.updateTable('schools').set({ name }).where('id', '=', id).returning('name');
    });
    const failure = new Error('rolled back');
    await expect(
      database.db.transaction().execute(async (trx) => {
        expect(await rename.execute(trx, 'Renommé', 's1')).toEqual([{ name: 'Renommé' }]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await database.db.selectFrom('schools').select('name').where('id', '=', 's1').executeTakeFirstOrThrow()).name).toBe('Lycée Un');
    await rename.execute(database.db, 'Lycée 1', 's1');
    expect((await database.db.selectFrom('schools').select('name').where('id', '=', 's1').executeTakeFirstOrThrow()).name).toBe('Lycée 1');
    expect(builds).toBe(1);
  });

  it('binds a value used twice, and null, as the plain builder does', async () => {
    const between = prepareQuery((db, at: number) => db.selectFrom('schools').select('id').where('created_at', '>=', at).where('created_at', '<=', at));
    expect(await between.execute(database.db, 2)).toEqual([{ id: 's2' }]);
    const named = prepareQuery((db, name: string | null) => db.selectFrom('schools').select('id').where('name', '=', name));
    expect(await named.execute(database.db, null)).toEqual([]);
    expect(await named.execute(database.db, 'Lycée Trois')).toEqual([{ id: 's3' }]);
  });

  it('refuses an argument that shapes the query instead of being a value, and values of other kinds', async () => {
    const shaped = prepareQuery((db, column: string) => db.selectFrom('schools').select('id').orderBy(column as 'name'));
    await expect(shaped.execute(database.db, 'name')).rejects.toThrow(/not a bound value/);
    const branching = prepareQuery((db, id: string) => (id === 's1' ? db.selectFrom('schools').select('id').where('id', '=', id) : db.selectFrom('schools').select('id')));
    await expect(branching.execute(database.db, 's2')).rejects.toThrow(/not a bound value/);
    const plain = prepareQuery((db, id: string) => db.selectFrom('schools').select('id').where('id', '=', id));
    await expect(plain.execute(database.db, ['s1'] as unknown as string)).rejects.toThrow(/only strings, numbers and null/);
  });
});
