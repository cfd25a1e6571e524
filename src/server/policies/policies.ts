// The one place that says who may do what. Routes declare an action; services call `authorize` with the
// object they loaded. `can(actor, action)` without a resource answers "may this role ever do it".
import type { Role } from '../../shared/roles.ts';

export interface Actor {
  id: string;
  role: Role;
  schoolId: string | null;
  /** Classes the person belongs to (pupil) or teaches (teacher); empty for other roles. */
  classIds?: readonly string[];
  /** Sign-in name: the school designates alert staff by login. */
  login?: string;
}

export type Resource =
  | { kind: 'conversation'; pupilId: string; schoolId: string | null }
  | { kind: 'school'; id: string }
  | { kind: 'class'; schoolId: string; id?: string }
  | { kind: 'assignment'; schoolId: string; teacherId: string; classIds: readonly string[] }
  | { kind: 'alert'; schoolId: string; designatedLogins: readonly string[] }
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

const inClass = (a: Actor, classId: string | undefined) => classId !== undefined && (a.classIds ?? []).includes(classId);
const sharesClass = (a: Actor, classIds: readonly string[]) => classIds.some((id) => inClass(a, id));
const isTeacher = (a: Actor) => a.role === 'teacher';

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
  // One-time password reset links (pupils have no e-mail): whoever manages the account, never for oneself.
  'user:password-reset': (a, r) =>
    anyAdmin(a) &&
    (r === undefined ||
      (r.kind === 'user' && r.id !== a.id && (isAcademieAdmin(a) || (inAdminScope(a, r.schoolId) && r.role !== 'academie-admin')))),

  'admin:status': (a) => anyAdmin(a),
  // Roster imports: a school admin into its own school, an académie admin into any.
  'roster:import': (a, r) => anyAdmin(a) && (r === undefined || (r.kind === 'school' && inAdminScope(a, r.id))),
  // Prometheus text: counts and timings only, no personal data; a scraper uses the loopback metrics port instead.
  'metrics:read': (a) => anyAdmin(a),

  // Model catalogue (issue 3): the installation's models are the académie's to describe and to allow per
  // school; a school admin sees those its school may use and chooses among them for its classes.
  'model:list': (a) => anyAdmin(a),
  'model:manage': (a) => isAcademieAdmin(a),
  'model:choose': (a, r) =>
    anyAdmin(a) && (r === undefined || (r.kind === 'school' && inAdminScope(a, r.id)) || (r.kind === 'class' && inAdminScope(a, r.schoolId))),

  'settings:read': (a, r) => (anyAdmin(a) || a.role === 'dpo') && (r === undefined || (r.kind === 'school' && (inAdminScope(a, r.id) || a.schoolId === r.id))),
  'settings:write': (a, r) => anyAdmin(a) && (r === undefined || (r.kind === 'school' && inAdminScope(a, r.id))),

  // A teacher opens assignments only for classes it teaches, in its own school.
  'assignment:create': (a, r) =>
    isTeacher(a) && (r === undefined || (r.kind === 'assignment' && r.schoolId === a.schoolId && r.classIds.length > 0 && r.classIds.every((id) => inClass(a, id)))),
  'assignment:list': (a) => isTeacher(a) || a.role === 'pupil',
  'assignment:read': (a, r) =>
    (isTeacher(a) || a.role === 'pupil' || anyAdmin(a)) &&
    (r === undefined ||
      (r.kind === 'assignment' &&
        r.schoolId === (a.role === 'academie-admin' ? r.schoolId : a.schoolId) &&
        (anyAdmin(a) || r.teacherId === a.id || sharesClass(a, r.classIds)))),
  'assignment:manage': (a, r) =>
    (isTeacher(a) || anyAdmin(a)) && (r === undefined || (r.kind === 'assignment' && (inAdminScope(a, r.schoolId) || (isTeacher(a) && r.teacherId === a.id)))),

  // Live sessions and the tutor switch of a class: its teachers and the school's admins.
  'class:tutor': (a, r) => (isTeacher(a) || anyAdmin(a)) && (r === undefined || (r.kind === 'class' && (inAdminScope(a, r.schoolId) || (isTeacher(a) && a.schoolId === r.schoolId && inClass(a, r.id))))),
  'live-session:manage': (a, r) => (isTeacher(a) || anyAdmin(a)) && (r === undefined || (r.kind === 'class' && (inAdminScope(a, r.schoolId) || (isTeacher(a) && a.schoolId === r.schoolId && inClass(a, r.id))))),
  'tutor:status': (a) => a.role === 'pupil',

  // Safety alerts: the school's direction and the staff it designated (CPE, infirmière…), never another school.
  'alert:handle': (a, r) =>
    a.role !== 'pupil' &&
    a.role !== 'academie-admin' &&
    (r === undefined ||
      (r.kind === 'alert' && a.schoolId === r.schoolId && (isSchoolAdmin(a) || (a.login !== undefined && r.designatedLogins.includes(a.login))))),
  'message:report': (a, r) => a.role === 'pupil' && (r === undefined || (r.kind === 'conversation' && r.pupilId === a.id)),

  // GDPR (issue 6). The DPO and the head of a school read its register and AIPD; the audit log is the DPO's
  // (and the académie's) to read, so the controller's own actions are checked by someone else.
  'audit:read': (a, r) => (isAcademieAdmin(a) || a.role === 'dpo') && (r === undefined || (r.kind === 'school' && (isAcademieAdmin(a) || a.schoolId === r.id))),
  'audit:verify': (a) => anyAdmin(a) || a.role === 'dpo',
  'gdpr:documents': (a, r) =>
    (anyAdmin(a) || a.role === 'dpo') && (r === undefined || (r.kind === 'school' && (isAcademieAdmin(a) || (a.schoolId !== null && a.schoolId === r.id)))),
  // The information notice is for everyone the processing concerns: every signed-in person of the school.
  'gdpr:notice': (a, r) => r === undefined || (r.kind === 'school' && (isAcademieAdmin(a) || a.schoolId === r.id)),
  'gdpr:settings': (a, r) => anyAdmin(a) && (r === undefined || (r.kind === 'school' && inAdminScope(a, r.id))),
  // Everyone may see who accessed their data and download it (art. 15); the export of another person goes through a request.
  'me:access-log': () => true,
  'me:export': (a, r) => r === undefined || (r.kind === 'user' && r.id === a.id),
  'rights:create': (a, r) => a.role === 'pupil' && (r === undefined || (r.kind === 'user' && r.id === a.id)),
  'rights:list-own': (a) => a.role === 'pupil',
  'rights:manage': (a, r) => a.role === 'dpo' && (r === undefined || (r.kind === 'school' && a.schoolId === r.id)),
  'notice:acknowledge': () => true,
  // A member of staff of the pupil's school opens a transcript only with a reason, recorded and shown to the
  // pupil; a teacher must also teach one of the pupil's classes (checked by the service, which loads them).
  'conversation:staff-read': (a, r) =>
    (a.role === 'teacher' || isSchoolAdmin(a) || a.role === 'dpo') && (r === undefined || (r.kind === 'conversation' && r.schoolId !== null && r.schoolId === a.schoolId)),
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICIES;
/** Routes that anyone may call, signed in or not (health, login, first set-up). */
export type RoutePolicy = Action | 'public';

export function can(actor: Actor | null, action: Action, resource?: Resource): boolean {
  if (!actor) return false;
  const rule: Rule = POLICIES[action];
  return rule(actor, resource);
}
