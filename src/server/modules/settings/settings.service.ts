// Reading and changing a school's settings; every value is checked before it is stored.
import type { Clock } from '../../clock.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import { SettingFormatError } from './opening-hours.ts';
import { isSettingKey, resolveSettings, SETTING_DEFINITIONS, SETTING_KEYS, type SchoolSettings } from './settings.definitions.ts';
import type { SettingsRepo } from './settings.repo.ts';

export interface SettingView {
  key: string;
  value: string;
  isDefault: boolean;
  description: string;
}

export interface SettingsChange {
  schoolId: string;
  key: string;
  previous: string;
  value: string;
  by: Caller;
}

/**
 * Every pupil message reads its school's settings three times (rules, quotas, moderation): they are kept
 * parsed for a few seconds. A change made here is seen at once; one made on another instance within this delay.
 */
const EFFECTIVE_TTL_MS = 5_000;

export function createSettingsService(repo: SettingsRepo, clock: Clock, onChange: (change: SettingsChange) => Promise<void> = async () => undefined) {
  const cache = new Map<string, { at: number; settings: SchoolSettings }>();
  return {
    /** Effective settings for the tutor's decisions (no authorization: internal use). */
    async effective(schoolId: string): Promise<SchoolSettings> {
      const cached = cache.get(schoolId);
      const now = clock.now();
      if (cached && now - cached.at >= 0 && now - cached.at < EFFECTIVE_TTL_MS) return cached.settings;
      const settings = resolveSettings(await repo.forSchool(schoolId));
      cache.set(schoolId, { at: now, settings });
      return settings;
    },

    async list(caller: Caller, schoolId: string): Promise<SettingView[]> {
      authorize(caller, 'settings:read', { kind: 'school', id: schoolId });
      if (!(await repo.schoolExists(schoolId))) throw notFound('Établissement introuvable.');
      const stored = await repo.forSchool(schoolId);
      return SETTING_KEYS.map((key) => ({
        key,
        value: stored.get(key) ?? SETTING_DEFINITIONS[key].defaultText,
        isDefault: !stored.has(key),
        description: SETTING_DEFINITIONS[key].description,
      }));
    },

    async set(caller: Caller, schoolId: string, key: string, value: string): Promise<SettingView> {
      authorize(caller, 'settings:write', { kind: 'school', id: schoolId });
      if (!(await repo.schoolExists(schoolId))) throw notFound('Établissement introuvable.');
      if (!isSettingKey(key)) throw new HttpError(400, 'unknown_setting', `Réglage inconnu « ${key} ». Réglages : ${SETTING_KEYS.join(', ')}.`);
      const definition = SETTING_DEFINITIONS[key];
      try {
        definition.parse(value);
      } catch (error) {
        if (error instanceof SettingFormatError) throw new HttpError(400, 'invalid_setting', `Valeur invalide pour « ${key} » : ${error.message}.`);
        throw error;
      }
      const stored = await repo.forSchool(schoolId);
      const previous = stored.get(key) ?? definition.defaultText;
      await repo.upsert({ school_id: schoolId, key, value: value.trim(), updated_at: clock.now(), updated_by: caller === 'cli' ? null : caller.id });
      cache.delete(schoolId);
      await onChange({ schoolId, key, previous, value: value.trim(), by: caller });
      return { key, value: value.trim(), isDefault: false, description: definition.description };
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
