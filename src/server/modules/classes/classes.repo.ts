// SQL for classes.
import type { Kysely } from 'kysely';
import type { ClassesTable, Database } from '../../db/schema.ts';

export function createClassesRepo(db: Kysely<Database>) {
  return {
    insert: (row: ClassesTable) => db.insertInto('classes').values(row).execute(),
    findByIds: (ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('classes').selectAll().where('id', 'in', ids).execute()),
    findByName: (schoolId: string, name: string) =>
      db.selectFrom('classes').selectAll().where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst(),
    list: (filter: { schoolId?: string }) => {
      let query = db.selectFrom('classes').selectAll();
      if (filter.schoolId !== undefined) query = query.where('school_id', '=', filter.schoolId);
      return query.orderBy('name').execute();
    },
  };
}

export type ClassesRepo = ReturnType<typeof createClassesRepo>;
