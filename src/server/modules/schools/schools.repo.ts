// SQL for schools (établissements).
import type { Kysely } from 'kysely';
import type { Database, SchoolsTable } from '../../db/schema.ts';

export function createSchoolsRepo(db: Kysely<Database>) {
  return {
    insert: (row: SchoolsTable) => db.insertInto('schools').values(row).execute(),
    /** Creates the school and makes it the creating admin's own, in one transaction. */
    insertAndAttachAdmin: (row: SchoolsTable, adminId: string) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('schools').values(row).execute();
        await trx.updateTable('users').set({ school_id: row.id }).where('id', '=', adminId).where('school_id', 'is', null).execute();
      }),
    findById: (id: string) => db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst(),
    findByUai: (uai: string) => db.selectFrom('schools').selectAll().where('uai', '=', uai).executeTakeFirst(),
    list: (filter: { id?: string }) => {
      let query = db.selectFrom('schools').selectAll();
      if (filter.id !== undefined) query = query.where('id', '=', filter.id);
      return query.orderBy('name').execute();
    },
  };
}

export type SchoolsRepo = ReturnType<typeof createSchoolsRepo>;
