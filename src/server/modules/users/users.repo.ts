// SQL for accounts and class memberships.
import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.ts';
import type { Role } from '../../../shared/roles.ts';

export function createUsersRepo(db: Kysely<Database>) {
  return {
    findByLogin: (login: string) => db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    insertWithClasses: (user: UsersTable, classIds: string[]) =>
      db.transaction().execute(async (trx: Transaction<Database>) => {
        await trx.insertInto('users').values(user).execute();
        if (classIds.length > 0) {
          await trx.insertInto('class_members').values(classIds.map((class_id) => ({ class_id, user_id: user.id }))).execute();
        }
      }),

    setDisabled: (id: string, disabledAt: number | null) => db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute(),

    list: (filter: { schoolId?: string }) => {
      let query = db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'school_id', 'disabled_at', 'created_at']);
      if (filter.schoolId !== undefined) query = query.where('school_id', '=', filter.schoolId);
      return query.orderBy('role').orderBy('display_name').orderBy('login').execute();
    },

    classIdsOf: async (userIds: string[]): Promise<Map<string, string[]>> => {
      const byUser = new Map<string, string[]>();
      if (userIds.length === 0) return byUser;
      const rows = await db.selectFrom('class_members').select(['user_id', 'class_id']).where('user_id', 'in', userIds).execute();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.class_id]);
      return byUser;
    },

    classesOf: (userId: string) =>
      db
        .selectFrom('class_members')
        .innerJoin('classes', 'classes.id', 'class_members.class_id')
        .select(['classes.id', 'classes.name', 'classes.level', 'classes.tutor_disabled_at'])
        .where('class_members.user_id', '=', userId)
        .orderBy('classes.name')
        .execute(),

    countByRole: async (roles: Role[]): Promise<number> => {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', 'in', roles).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
