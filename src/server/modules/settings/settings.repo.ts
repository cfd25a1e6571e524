// SQL for school settings (one row per changed key).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function createSettingsRepo(db: Kysely<Database>) {
  return {
    async forSchool(schoolId: string): Promise<Map<string, string>> {
      const rows = await db.selectFrom('school_settings').select(['key', 'value']).where('school_id', '=', schoolId).execute();
      return new Map(rows.map((r) => [r.key, r.value]));
    },
    schoolExists: async (schoolId: string): Promise<boolean> =>
      (await db.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst()) !== undefined,
    upsert: (row: { school_id: string; key: string; value: string; updated_at: number; updated_by: string | null }) =>
      db
        .insertInto('school_settings')
        .values(row)
        .onConflict((oc) => oc.columns(['school_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }))
        .execute(),
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
