// Rules for accounts: who belongs to which school and classes, creation, disabling (which ends every
// session and running answer of the person at once).
import { randomUUID } from 'node:crypto';
import type { CreateUserInput } from '../../../shared/api.ts';
import type { Role } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { isUniqueViolation } from '../../db/connection.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { ClassesRepo } from '../classes/classes.repo.ts';
import type { SchoolsRepo } from '../schools/schools.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { UsersRepo } from './users.repo.ts';

export interface UserView {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  schoolId: string | null;
  classIds: string[];
  disabled: boolean;
}

const ROLES_NEEDING_SCHOOL: readonly Role[] = ['pupil', 'teacher', 'dpo'];
const ROLES_WITH_CLASSES: readonly Role[] = ['pupil', 'teacher'];

export interface UsersServiceDeps {
  users: UsersRepo;
  schools: SchoolsRepo;
  classes: ClassesRepo;
  clock: Clock;
  /** Ends sessions and running answers of a person who lost access. */
  revokeAccess: (userId: string) => Promise<void>;
  audit: AuditLog;
}

export function createUsersService({ users, schools, classes, clock, revokeAccess, audit }: UsersServiceDeps) {
  async function loadForManagement(caller: Caller, userId: string) {
    const user = await users.findById(userId);
    if (!user) throw notFound('Compte introuvable.');
    authorize(caller, 'user:manage', { kind: 'user', id: user.id, role: user.role, schoolId: user.school_id }, true);
    return user;
  }

  return {
    async create(caller: Caller, input: CreateUserInput): Promise<UserView> {
      const id = randomUUID();
      const schoolId = input.role === 'academie-admin' ? null : (input.schoolId ?? (caller !== 'cli' ? caller.schoolId : null) ?? null);
      authorize(caller, 'user:create', { kind: 'user', id, role: input.role, schoolId });
      if (input.role === 'academie-admin' && input.schoolId) {
        throw new HttpError(400, 'invalid_input', 'Un administrateur académique n’est rattaché à aucun établissement.');
      }
      if (schoolId === null && ROLES_NEEDING_SCHOOL.includes(input.role)) {
        throw new HttpError(400, 'invalid_input', 'Indiquez l’établissement de ce compte.');
      }
      if (schoolId !== null && !(await schools.findById(schoolId))) throw new HttpError(404, 'unknown_school', 'Établissement introuvable.');
      const classIds = [...new Set(input.classIds ?? [])];
      if (classIds.length > 0 && !ROLES_WITH_CLASSES.includes(input.role)) {
        throw new HttpError(400, 'invalid_input', 'Seuls les élèves et les enseignants sont membres de classes.');
      }
      if (input.role === 'pupil' && classIds.length > 1) throw new HttpError(400, 'invalid_input', 'Un élève appartient à une seule classe.');
      const found = await classes.findByIds(classIds);
      if (found.length !== classIds.length || found.some((c) => c.school_id !== schoolId)) {
        throw new HttpError(400, 'invalid_input', 'Classe inconnue dans cet établissement.');
      }
      const row = {
        id,
        login: input.login.toLowerCase(),
        display_name: input.displayName,
        role: input.role,
        school_id: schoolId,
        password_hash: await hashPassword(input.password),
        disabled_at: null,
        created_at: clock.now(),
      };
      try {
        await users.insertWithClasses(row, classIds);
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'login_taken', `L’identifiant « ${row.login} » est déjà utilisé.`);
        throw error;
      }
      await audit.record({ actor: caller, action: 'user.created', schoolId, target: { type: 'user', id }, details: { role: row.role } });
      return { id, login: row.login, displayName: row.display_name, role: row.role, schoolId, classIds, disabled: false };
    },

    async list(caller: Caller): Promise<UserView[]> {
      const scope = caller === 'cli' || caller.role === 'academie-admin' ? {} : { schoolId: caller.schoolId ?? '-' };
      const rows = await users.list(scope);
      const memberships = await users.classIdsOf(rows.map((r) => r.id));
      return rows.map((r) => ({
        id: r.id,
        login: r.login,
        displayName: r.display_name,
        role: r.role,
        schoolId: r.school_id,
        classIds: memberships.get(r.id) ?? [],
        disabled: r.disabled_at !== null,
      }));
    },

    async disable(caller: Caller, userId: string): Promise<void> {
      const user = await loadForManagement(caller, userId);
      if (user.disabled_at === null) await users.setDisabled(user.id, clock.now());
      await revokeAccess(user.id);
      await audit.record({ actor: caller, action: 'user.disabled', schoolId: user.school_id, target: { type: 'user', id: user.id } });
    },

    async enable(caller: Caller, userId: string): Promise<void> {
      const user = await loadForManagement(caller, userId);
      await users.setDisabled(user.id, null);
      await audit.record({ actor: caller, action: 'user.enabled', schoolId: user.school_id, target: { type: 'user', id: user.id } });
    },

    async findIdByLogin(login: string): Promise<string> {
      const user = await users.findByLogin(login.trim().toLowerCase());
      if (!user) throw new HttpError(404, 'unknown_user', `Aucun compte avec l’identifiant « ${login} ».`);
      return user.id;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
