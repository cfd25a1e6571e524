// SQL for safety alerts. Excerpts and notes are ciphertext only.
import type { Kysely } from 'kysely';
import type { AlertsTable, Database } from '../../db/schema.ts';

export function createAlertsRepo(db: Kysely<Database>) {
  return {
    insert: (row: AlertsTable) => db.insertInto('alerts').values(row).execute(),
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
  };
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
