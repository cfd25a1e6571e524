// SQL for safety alerts. Excerpts and notes are ciphertext only.
import type { Kysely } from 'kysely';
import type { AlertsTable, Database, MailOutboxTable } from '../../db/schema.ts';

export function createAlertsRepo(db: Kysely<Database>) {
  return {
    /** The alert and its e-mails in one transaction: an alert is never stored without the notices it owes. */
    insert: (row: AlertsTable, outbox: readonly MailOutboxTable[] = []) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('alerts').values(row).execute();
        if (outbox.length > 0) await trx.insertInto('mail_outbox').values([...outbox]).execute();
      }),
    find: (id: string) => db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst(),
    listForSchool: (schoolId: string) =>
      db
        .selectFrom('alerts')
        .innerJoin('users', 'users.id', 'alerts.pupil_id')
        .leftJoin('classes', 'classes.id', 'alerts.class_id')
        .select([
          'alerts.id',
          'alerts.categories',
          'alerts.source',
          'alerts.state',
          'alerts.created_at',
          'alerts.updated_at',
          'users.display_name as pupilName',
          'classes.name as className',
        ])
        .where('alerts.school_id', '=', schoolId)
        .orderBy('alerts.created_at', 'desc')
        .limit(500)
        .execute(),
    update: (id: string, changes: Partial<Pick<AlertsTable, 'state' | 'note_enc' | 'updated_at' | 'updated_by'>>) =>
      db.updateTable('alerts').set(changes).where('id', '=', id).execute(),
    /** Display names of the school's pupils, for masking their names in what staff read. */
    pupilNames: (schoolId: string) =>
      db.selectFrom('users').select(['display_name']).where('school_id', '=', schoolId).where('role', '=', 'pupil').execute(),
    /** Retention: the school's alerts raised before `before` (their excerpts and notes go with the rows). */
    countRaisedBefore: async (schoolId: string, before: number): Promise<number> => {
      const row = await db
        .selectFrom('alerts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_id', '=', schoolId)
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    /** Retention: deletes up to `limit` of those alerts, oldest first; returns how many went. */
    deleteRaisedBefore: async (schoolId: string, before: number, limit: number): Promise<number> => {
      const ids = db.selectFrom('alerts').select('id').where('school_id', '=', schoolId).where('created_at', '<', before).orderBy('created_at').limit(limit);
      const result = await db.deleteFrom('alerts').where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
