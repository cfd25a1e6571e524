// Rules for a school's GDPR settings: who may read and change them, and the audit trace of each change.
import type { Clock } from '../../clock.ts';
import { notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { GdprSettingsRepo } from './gdpr-settings.repo.ts';
import { gdprSettingsUpdateSchema, type GdprSettings } from './gdpr-settings.ts';

export function createGdprSettingsService(deps: {
  repo: GdprSettingsRepo;
  schools: { findSchool(id: string): Promise<{ id: string } | undefined> };
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function loadSchool(caller: Caller, schoolId: string, action: 'gdpr:settings' | 'gdpr:documents') {
    const school = await deps.schools.findSchool(schoolId);
    if (!school) throw notFound('Établissement introuvable.');
    authorize(caller, action, { kind: 'school', id: school.id }, true);
    return school;
  }

  return {
    async read(caller: Caller, schoolId: string): Promise<GdprSettings> {
      await loadSchool(caller, schoolId, 'gdpr:documents');
      return repo.read(schoolId);
    },

    async update(caller: Caller, schoolId: string, input: unknown): Promise<GdprSettings> {
      const update = gdprSettingsUpdateSchema.parse(input);
      await loadSchool(caller, schoolId, 'gdpr:settings');
      const before = await repo.read(schoolId);
      await repo.write(schoolId, update, clock.now(), caller === 'cli' ? null : caller.id);
      const after = await repo.read(schoolId);
      const changed = (Object.keys(update) as (keyof GdprSettings)[]).filter((key) => before[key] !== after[key]);
      if (changed.length > 0) {
        await audit.record({
          actor: caller,
          action: 'settings.changed',
          target: { type: 'school', id: schoolId },
          schoolId,
          // Retention values are quoted (they are what the DPO checks); contacts are named, not copied.
          details: Object.fromEntries(
            changed.map((key) => [key, typeof after[key] === 'number' || after[key] === null ? after[key] : 'modifié']),
          ),
        });
      }
      return after;
    },
  };
}

export type GdprSettingsService = ReturnType<typeof createGdprSettingsService>;
