// Rules for schools: UAI unique, a school admin without a school creates its own.
import { randomUUID } from 'node:crypto';
import type { CreateSchoolInput } from '../../../shared/api.ts';
import type { Clock } from '../../clock.ts';
import { isUniqueViolation } from '../../db/connection.ts';
import { HttpError } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { SchoolsRepo } from './schools.repo.ts';

export interface SchoolView {
  id: string;
  uai: string;
  name: string;
}

export function createSchoolsService(repo: SchoolsRepo, clock: Clock) {
  return {
    async create(caller: Caller, input: CreateSchoolInput): Promise<SchoolView> {
      const row = { id: randomUUID(), uai: input.uai, name: input.name, created_at: clock.now() };
      authorize(caller, 'school:create', { kind: 'school', id: row.id });
      try {
        if (caller !== 'cli' && caller.role === 'school-admin') await repo.insertAndAttachAdmin(row, caller.id);
        else await repo.insert(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'uai_taken', `L’établissement ${input.uai} existe déjà.`);
        throw error;
      }
      return { id: row.id, uai: row.uai, name: row.name };
    },

    async list(caller: Caller): Promise<SchoolView[]> {
      if (caller !== 'cli') authorize(caller, 'school:list', { kind: 'school', id: caller.schoolId ?? '' });
      const scope = caller === 'cli' || caller.role === 'academie-admin' ? {} : { id: caller.schoolId ?? '-' };
      return (await repo.list(scope)).map(({ id, uai, name }) => ({ id, uai, name }));
    },

    async findByUai(uai: string): Promise<SchoolView> {
      const school = await repo.findByUai(uai.trim().toUpperCase());
      if (!school) throw new HttpError(404, 'unknown_school', `Aucun établissement avec l’UAI ${uai}.`);
      return { id: school.id, uai: school.uai, name: school.name };
    },
  };
}

export type SchoolsService = ReturnType<typeof createSchoolsService>;
