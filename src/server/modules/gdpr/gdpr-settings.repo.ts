// SQL for a school's GDPR settings: the `gdpr.*` keys of school_settings.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { GDPR_DEFAULTS, GDPR_NUMERIC_SETTINGS, GDPR_SETTING_KEYS, type GdprSettings, type GdprSettingsUpdate } from './gdpr-settings.ts';

export function createGdprSettingsRepo(db: Kysely<Database>) {
  return {
    async read(schoolId: string): Promise<GdprSettings> {
      const rows = await db.selectFrom('school_settings').select(['key', 'value']).where('school_id', '=', schoolId).where('key', 'like', 'gdpr.%').execute();
      const stored = new Map(rows.map((r) => [r.key, r.value]));
      const settings: GdprSettings = { ...GDPR_DEFAULTS };
      for (const [field, key] of Object.entries(GDPR_SETTING_KEYS) as [keyof GdprSettings, string][]) {
        const value = stored.get(key);
        if (value === undefined || value === '') continue;
        if (GDPR_NUMERIC_SETTINGS.includes(field)) {
          const number = Number(value);
          if (Number.isInteger(number) && number >= 0) (settings as unknown as Record<string, number>)[field] = number;
        } else {
          (settings as unknown as Record<string, string>)[field] = value;
        }
      }
      return settings;
    },

    /** Writes the given fields (null removes the key, back to the default) in one transaction. */
    async write(schoolId: string, update: GdprSettingsUpdate, at: number, by: string | null): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [field, value] of Object.entries(update) as [keyof GdprSettings, string | number | null | undefined][]) {
          if (value === undefined) continue;
          const key = GDPR_SETTING_KEYS[field];
          if (value === null || value === '') {
            await trx.deleteFrom('school_settings').where('school_id', '=', schoolId).where('key', '=', key).execute();
            continue;
          }
          await trx
            .insertInto('school_settings')
            .values({ school_id: schoolId, key, value: String(value), updated_at: at, updated_by: by })
            .onConflict((oc) => oc.columns(['school_id', 'key']).doUpdateSet({ value: String(value), updated_at: at, updated_by: by }))
            .execute();
        }
      });
    },
  };
}

export type GdprSettingsRepo = ReturnType<typeof createGdprSettingsRepo>;
