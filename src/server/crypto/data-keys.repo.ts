// SQL for the per-owner data keys.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export function createDataKeysRepo(db: Kysely<Database>) {
  return {
    find: (ownerId: string) => db.selectFrom('data_keys').selectAll().where('owner_id', '=', ownerId).executeTakeFirst(),
    async insertIfAbsent(row: { owner_id: string; wrapped_key: string; kek_id: string; created_at: number }) {
      await db
        .insertInto('data_keys')
        .values({ ...row, shredded_at: null })
        .onConflict((oc) => oc.column('owner_id').doNothing())
        .execute();
    },
    async shred(ownerId: string, at: number) {
      await db.updateTable('data_keys').set({ wrapped_key: null, shredded_at: at }).where('owner_id', '=', ownerId).execute();
    },
    /** Live keys still wrapped by another KEK than `kekId`, a batch at a time (key rotation). */
    listNotWrappedBy: (kekId: string, limit: number) =>
      db
        .selectFrom('data_keys')
        .select(['owner_id', 'wrapped_key', 'kek_id'])
        .where('wrapped_key', 'is not', null)
        .where('kek_id', '!=', kekId)
        .orderBy('owner_id')
        .limit(limit)
        .execute(),
    /** Replaces a wrapped key only if it is still the one read, so a shredding in between is never undone. */
    async rewrap(ownerId: string, previous: string, wrapped: string, kekId: string): Promise<boolean> {
      const result = await db
        .updateTable('data_keys')
        .set({ wrapped_key: wrapped, kek_id: kekId })
        .where('owner_id', '=', ownerId)
        .where('wrapped_key', '=', previous)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
