// SQL for the model catalogue, the schools' allowances and the schools' and classes' choices.
import type { Kysely, Updateable } from 'kysely';
import type { Database, ModelsTable } from '../../db/schema.ts';

export function createModelsRepo(db: Kysely<Database>) {
  return {
    list: () => db.selectFrom('models').selectAll().orderBy('name').orderBy('id').execute(),
    find: (id: string) => db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst(),
    findByLocator: (kind: ModelsTable['kind'], locator: string) =>
      db.selectFrom('models').selectAll().where('kind', '=', kind).where('locator', '=', locator).executeTakeFirst(),
    insert: (row: ModelsTable) => db.insertInto('models').values(row).execute(),
    /** The configured model's row: inserted once, whichever instance starts first (several on PostgreSQL). */
    insertIfAbsent: (row: ModelsTable) =>
      db
        .insertInto('models')
        .values(row)
        .onConflict((oc) => oc.columns(['kind', 'locator']).doNothing())
        .execute(),
    update: (id: string, changes: Updateable<ModelsTable>) => db.updateTable('models').set(changes).where('id', '=', id).execute(),
    /**
     * Deletes the model unless a school or a class has chosen it, in one statement (no choice slips in between
     * a check and the delete). Its allowances go with it (foreign key cascade). True when deleted.
     */
    deleteIfUnused: async (id: string) => {
      const result = await db
        .deleteFrom('models')
        .where('id', '=', id)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('model_choices').select('model_choices.target_id').where('model_choices.model_id', '=', id))))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    /** Schools (their default) and classes that chose this model. */
    usage: async (id: string) => {
      const rows = await db.selectFrom('model_choices').select('class_id').where('model_id', '=', id).execute();
      const classes = rows.filter((r) => r.class_id !== null).length;
      return { schools: rows.length - classes, classes };
    },

    allowances: () => db.selectFrom('model_allowances').select(['model_id', 'school_id']).execute(),
    allowedModelIds: async (schoolId: string) =>
      (await db.selectFrom('model_allowances').select('model_id').where('school_id', '=', schoolId).execute()).map((r) => r.model_id),
    /** Replaces the school's allowances in one transaction. */
    setAllowances: (schoolId: string, modelIds: readonly string[], now: number) =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('model_allowances').where('school_id', '=', schoolId).execute();
        if (modelIds.length > 0) {
          await trx
            .insertInto('model_allowances')
            .values(modelIds.map((model_id) => ({ model_id, school_id: schoolId, created_at: now })))
            .execute();
        }
      }),

    choice: async (targetId: string) =>
      (await db.selectFrom('model_choices').select('model_id').where('target_id', '=', targetId).executeTakeFirst())?.model_id ?? null,
    choicesOfSchool: (schoolId: string) => db.selectFrom('model_choices').select(['target_id', 'class_id', 'model_id']).where('school_id', '=', schoolId).execute(),
    setChoice: (row: { target_id: string; school_id: string; class_id: string | null; model_id: string; updated_at: number; updated_by: string | null }) =>
      db
        .insertInto('model_choices')
        .values(row)
        .onConflict((oc) => oc.column('target_id').doUpdateSet({ model_id: row.model_id, updated_at: row.updated_at, updated_by: row.updated_by }))
        .execute(),
    clearChoice: (targetId: string) => db.deleteFrom('model_choices').where('target_id', '=', targetId).execute(),

    findSchool: (id: string) => db.selectFrom('schools').select(['id', 'name']).where('id', '=', id).executeTakeFirst(),
    /** The pupil's class the tutor's model comes from: the first by name, then id (see modelForPupil). */
    firstClassOfPupil: async (pupilId: string) =>
      (
        await db
          .selectFrom('class_members')
          .innerJoin('classes', 'classes.id', 'class_members.class_id')
          .select('classes.id')
          .where('class_members.user_id', '=', pupilId)
          .orderBy('classes.name')
          .orderBy('classes.id')
          .limit(1)
          .executeTakeFirst()
      )?.id,
    findClass: (id: string) => db.selectFrom('classes').select(['id', 'school_id', 'name', 'level']).where('id', '=', id).executeTakeFirst(),
    classesOfSchool: (schoolId: string) =>
      db.selectFrom('classes').select(['id', 'name', 'level']).where('school_id', '=', schoolId).orderBy('name').execute(),
  };
}

export type ModelsRepo = ReturnType<typeof createModelsRepo>;
