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
  };
}
