// The one place that says who may do what. Routes declare an action; services call `authorize` with the
// object they loaded. `can(actor, action)` without a resource answers "may this role ever do it".
import type { Role } from '../../shared/roles.ts';

export interface Actor {
  id: string;
  role: Role;
  schoolId: string | null;
}

export type Resource =
  | { kind: 'conversation'; pupilId: string; schoolId: string | null }
  | { kind: 'school'; id: string }
  | { kind: 'class'; schoolId: string }
  | { kind: 'user'; id: string; role: Role; schoolId: string | null };

type Rule = (actor: Actor, resource: Resource | undefined) => boolean;

const isSchoolAdmin = (a: Actor) => a.role === 'school-admin';
const isAcademieAdmin = (a: Actor) => a.role === 'academie-admin';
const anyAdmin = (a: Actor) => isSchoolAdmin(a) || isAcademieAdmin(a);

/** A school admin acts inside its own school only; an académie admin everywhere. */
function inAdminScope(actor: Actor, schoolId: string | null | undefined): boolean {
  if (isAcademieAdmin(actor)) return true;
  return isSchoolAdmin(actor) && actor.schoolId !== null && schoolId === actor.schoolId;
}

/** Roles a school admin may hand out; académie admins are made only by académie admins or the CLI. */
const SCHOOL_ASSIGNABLE: readonly Role[] = ['pupil', 'teacher', 'dpo', 'school-admin'];

export const POLICIES = {
  'me:read': () => true,
  'auth:logout': () => true,

  'conversation:create': (a) => a.role === 'pupil',
  'conversation:list': (a) => a.role === 'pupil',
  // Staff access to transcripts goes through the audited GDPR path (issue 6), not these actions.
  'conversation:read': (a, r) => a.role === 'pupil' && (r === undefined || (r.kind === 'conversation' && r.pupilId === a.id)),
  'conversation:write': (a, r) => a.role === 'pupil' && (r === undefined || (r.kind === 'conversation' && r.pupilId === a.id)),

  'school:list': (a) => anyAdmin(a),
  // A school admin without a school may create its own (first set-up); afterwards only the académie adds schools.
  'school:create': (a) => isAcademieAdmin(a) || (isSchoolAdmin(a) && a.schoolId === null),

  'class:list': (a, r) => anyAdmin(a) && (r === undefined || (r.kind === 'class' && inAdminScope(a, r.schoolId))),
  'class:create': (a, r) => anyAdmin(a) && (r === undefined || (r.kind === 'class' && inAdminScope(a, r.schoolId))),

  'user:list': (a) => anyAdmin(a),
  'user:create': (a, r) =>
    anyAdmin(a) &&
    (r === undefined ||
      (r.kind === 'user' && (isAcademieAdmin(a) || (inAdminScope(a, r.schoolId) && SCHOOL_ASSIGNABLE.includes(r.role))))),
  'user:manage': (a, r) =>
    anyAdmin(a) &&
    (r === undefined ||
      (r.kind === 'user' && r.id !== a.id && (isAcademieAdmin(a) || (inAdminScope(a, r.schoolId) && r.role !== 'academie-admin')))),

  'admin:status': (a) => anyAdmin(a),
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICIES;
/** Routes that anyone may call, signed in or not (health, login, first set-up). */
export type RoutePolicy = Action | 'public';

export function can(actor: Actor | null, action: Action, resource?: Resource): boolean {
  if (!actor) return false;
  const rule: Rule = POLICIES[action];
  return rule(actor, resource);
}
