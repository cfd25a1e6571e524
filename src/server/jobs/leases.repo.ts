// SQL for job leases: one row per job, held by one instance until it expires. The conditional upsert is
// atomic on both databases, so two instances asking at once never both get it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export function createLeasesRepo(db: Kysely<Database>) {
  return {
    /** Takes the lease if it is free or expired; true when this holder now has it until `until`. */
    async acquire(name: string, holder: string, now: number, until: number): Promise<boolean> {
      const row = await db
        .insertInto('job_leases')
        .values({ name, holder, expires_at: until })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: until })
            .where('job_leases.expires_at', '<=', now),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },

    /** Moves the end of a lease this holder still has; false when it was lost (expired and taken). */
    async extend(name: string, holder: string, until: number): Promise<boolean> {
      const result = await db.updateTable('job_leases').set({ expires_at: until }).where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async release(name: string, holder: string): Promise<void> {
      await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },

    find: (name: string) => db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst(),
  };
}

export type LeasesRepo = ReturnType<typeof createLeasesRepo>;
