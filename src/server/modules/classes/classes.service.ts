// Rules for classes: a class belongs to one school, its name is unique there, its level is a known code.
import { randomUUID } from 'node:crypto';
import type { CreateClassInput } from '../../../shared/api.ts';
import type { Level } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { isUniqueViolation } from '../../db/connection.ts';
import { HttpError } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { SchoolsRepo } from '../schools/schools.repo.ts';
import type { ClassesRepo } from './classes.repo.ts';

export interface ClassView {
  id: string;
  schoolId: string;
  name: string;
  level: Level;
}

const view = (row: { id: string; school_id: string; name: string; level: Level }): ClassView => ({
  id: row.id,
  schoolId: row.school_id,
  name: row.name,
  level: row.level,
});

export function createClassesService(repo: ClassesRepo, schools: SchoolsRepo, clock: Clock) {
  return {
    async create(caller: Caller, input: CreateClassInput): Promise<ClassView> {
      authorize(caller, 'class:create', { kind: 'class', schoolId: input.schoolId });
      if (!(await schools.findById(input.schoolId))) throw new HttpError(404, 'unknown_school', 'Établissement introuvable.');
      const row = { id: randomUUID(), school_id: input.schoolId, name: input.name, level: input.level, created_at: clock.now(), tutor_disabled_at: null };
      try {
        await repo.insert(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'class_exists', `La classe « ${input.name} » existe déjà dans cet établissement.`);
        throw error;
      }
      return view(row);
    },

    async list(caller: Caller, schoolId?: string): Promise<ClassView[]> {
      if (caller !== 'cli') {
        // A school admin naming another school is refused, not silently shown its own classes.
        const scope = caller.role === 'academie-admin' ? schoolId : (schoolId ?? caller.schoolId ?? '-');
        if (scope !== undefined) authorize(caller, 'class:list', { kind: 'class', schoolId: scope });
        return (await repo.list(scope === undefined ? {} : { schoolId: scope })).map(view);
      }
      return (await repo.list(schoolId === undefined ? {} : { schoolId })).map(view);
    },

    async findByName(schoolId: string, name: string): Promise<ClassView> {
      const row = await repo.findByName(schoolId, name.trim());
      if (!row) throw new HttpError(404, 'unknown_class', `Aucune classe « ${name} » dans cet établissement.`);
      return view(row);
    },
  };
}

export type ClassesService = ReturnType<typeof createClassesService>;
