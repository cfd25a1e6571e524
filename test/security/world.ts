// The world the security suites attack: two schools with two classes each; in every class two slots,
// each with a pupil and a teacher; a school admin and a DPO per school; one académie admin. Every pupil
// has a conversation (a question and its answer), an alert and two rights requests; every teacher an
// assignment and a live session for its class. Everything is made through the services, as in production.
import type { TutorMode } from '../../src/shared/roles.ts';
import { ROLES, type Role } from '../../src/shared/roles.ts';
import type { Actor } from '../../src/server/policies/policies.ts';
import type { Scope, TargetKind } from '../../src/server/policies/expectations.ts';
import { loginAs, seedSchool, TEST_PASSWORD, type TestApp } from '../../src/server/testing/test-app.ts';

export const SLOT_KEYS = ['A1a', 'A1b', 'A2a', 'A2b', 'B1a', 'B1b', 'B2a', 'B2b'] as const;
export type SlotKey = (typeof SLOT_KEYS)[number];
export type SchoolKey = 'A' | 'B';
export type ClassKey = 'A1' | 'A2' | 'B1' | 'B2';

/** Where each scope of the expectations table points, for a caller sitting in slot A1a. */
export const SCOPE_SLOT: Record<Scope, SlotKey> = { own: 'A1a', otherPupil: 'A1b', otherClass: 'A2a', otherSchool: 'B1a' };

export interface Person extends Actor {
  login: string;
  classIds: string[];
}

export interface Slot {
  key: SlotKey;
  school: SchoolKey;
  classKey: ClassKey;
  pupil: Person;
  teacher: Person;
  conversationId: string;
  pupilMessageId: string;
  tutorMessageId: string;
  assignmentId: string;
  liveSessionId: string;
  alertId: string;
  /** Two open rights requests: one for the decision route, one for the extension route. */
  rightsToDecide: string;
  rightsToExtend: string;
}

export interface World {
  schools: Record<SchoolKey, { id: string; uai: string }>;
  classes: Record<ClassKey, string>;
  slots: Record<SlotKey, Slot>;
  staff: Record<'school-admin' | 'dpo', Record<SchoolKey, Person>>;
  academie: Person;
  /** The reference caller of each role (slot A1a, school A), signed in. */
  actors: Record<Role, Person & { cookie: string }>;
}

export type Caller = Role | 'anonymous';
export const CALLERS: readonly Caller[] = [...ROLES, 'anonymous'];

const HOUR = 3600_000;

export async function seedWorld(t: TestApp, now = Date.now()): Promise<World> {
  const { services } = t;
  const a = await seedSchool(t.services, '2nde');
  const b = await seedSchool(t.services, '2nde');
  const classes: Record<ClassKey, string> = {
    A1: a.classId,
    A2: (await services.classes.create('cli', { schoolId: a.schoolId, name: '1re C', level: '1re' })).id,
    B1: b.classId,
    B2: (await services.classes.create('cli', { schoolId: b.schoolId, name: '1re C', level: '1re' })).id,
  };
  const schools = { A: { id: a.schoolId, uai: a.uai }, B: { id: b.schoolId, uai: b.uai } };

  const person = async (role: Role, login: string, schoolId: string | null, classIds: string[] = []): Promise<Person> => {
    const created = await services.users.create('cli', {
      login,
      displayName: `Personne ${login}`,
      role,
      schoolId: schoolId ?? undefined,
      classIds: classIds.length > 0 ? classIds : undefined,
      password: TEST_PASSWORD,
    });
    return { id: created.id, role, schoolId, classIds, login };
  };

  const staff = {
    'school-admin': { A: await person('school-admin', 'direction-a', a.schoolId), B: await person('school-admin', 'direction-b', b.schoolId) },
    dpo: { A: await person('dpo', 'dpd-a', a.schoolId), B: await person('dpo', 'dpd-b', b.schoolId) },
  };
  const academie = await person('academie-admin', 'academie', null);

  const slots = {} as Record<SlotKey, Slot>;
  for (const key of SLOT_KEYS) {
    const school = key[0] as SchoolKey;
    const classKey = key.slice(0, 2) as ClassKey;
    const classId = classes[classKey];
    const pupil = await person('pupil', `eleve-${key.toLowerCase()}`, schools[school].id, [classId]);
    const teacher = await person('teacher', `prof-${key.toLowerCase()}`, schools[school].id, [classId]);

    const conversation = await services.chat.create(pupil, { subject: 'mathematiques' });
    const prepared = await services.chat.prepareMessage(pupil, conversation.id, `Question de ${key} : combien font 2 + 2 ?`);
    await services.chat.streamAnswer(prepared, () => undefined);
    const messages = (await services.chat.get(pupil, conversation.id)).messages;
    const tutorMessage = messages.find((m) => m.role === 'tutor');
    if (!tutorMessage) throw new Error(`no answer stored for ${key}`);

    const modes: TutorMode[] = ['guidage'];
    const assignment = await services.tutoring.createAssignment(teacher, {
      title: `Devoir ${key}`,
      subject: 'mathematiques',
      statement: `Énoncé ${key}`,
      modes,
      classIds: [classId],
      opensAt: now - HOUR,
      closesAt: now + 30 * 24 * HOUR,
    });
    const liveSession = await services.tutoring.startLiveSession(teacher, classId, 240);

    await services.chat.report(pupil, conversation.id, tutorMessage.id, `Signalement ${key}`);
    const alert = await t.database.db.selectFrom('alerts').select('id').where('pupil_id', '=', pupil.id).executeTakeFirstOrThrow();

    const rightsToDecide = (await services.gdpr.rights.create(pupil, { kind: 'access' })).id;
    const rightsToExtend = (await services.gdpr.rights.create(pupil, { kind: 'rectification', details: `Détails ${key}` })).id;

    slots[key] = {
      key,
      school,
      classKey,
      pupil,
      teacher,
      conversationId: conversation.id,
      pupilMessageId: prepared.pupilMessageId,
      tutorMessageId: tutorMessage.id,
      assignmentId: assignment.id,
      liveSessionId: liveSession.id,
      alertId: alert.id,
      rightsToDecide,
      rightsToExtend,
    };
  }

  const reference: Record<Role, Person> = {
    pupil: slots.A1a.pupil,
    teacher: slots.A1a.teacher,
    'school-admin': staff['school-admin'].A,
    dpo: staff.dpo.A,
    'academie-admin': academie,
  };
  const actors = {} as World['actors'];
  for (const role of ROLES) actors[role] = { ...reference[role], cookie: await loginAs(t.app, reference[role].login) };
  return { schools, classes, slots, staff, academie, actors };
}

/** The id a route's target points to, for a caller of a role and a scope. */
export function targetId(world: World, kind: TargetKind, scope: Scope, caller: Caller): string {
  const slot = world.slots[SCOPE_SLOT[scope]];
  switch (kind) {
    case 'none':
      return '';
    case 'conversation':
      return slot.conversationId;
    case 'assignment':
      return slot.assignmentId;
    case 'live-session':
      return slot.liveSessionId;
    case 'class':
      return world.classes[slot.classKey];
    case 'school':
      return world.schools[slot.school].id;
    case 'user':
      return scope === 'own' && caller !== 'anonymous' ? world.actors[caller].id : slot.pupil.id;
    case 'alert':
      return slot.alertId;
    case 'rights-request':
      return slot.rightsToDecide;
  }
}

/**
 * Ids a caller must never see in any answer: for everyone but the académie, everything of school B; for a
 * pupil, also the other pupils' private objects.
 */
export function forbiddenIds(world: World, caller: Role): Map<string, string> {
  const ids = new Map<string, string>();
  const privateOf = (slot: Slot) => {
    for (const [name, id] of [
      ['conversation', slot.conversationId],
      ['message', slot.pupilMessageId],
      ['message', slot.tutorMessageId],
      ['alert', slot.alertId],
      ['rights request', slot.rightsToDecide],
      ['rights request', slot.rightsToExtend],
    ] as const) {
      ids.set(id, `${name} of ${slot.key}`);
    }
  };
  if (caller !== 'academie-admin') {
    ids.set(world.schools.B.id, 'school B');
    ids.set(world.classes.B1, 'class B1');
    ids.set(world.classes.B2, 'class B2');
    for (const person of [world.staff['school-admin'].B, world.staff.dpo.B]) ids.set(person.id, `${person.login}`);
    for (const slot of Object.values(world.slots).filter((s) => s.school === 'B')) {
      privateOf(slot);
      ids.set(slot.pupil.id, `pupil ${slot.key}`);
      ids.set(slot.teacher.id, `teacher ${slot.key}`);
      ids.set(slot.assignmentId, `assignment ${slot.key}`);
      ids.set(slot.liveSessionId, `live session ${slot.key}`);
    }
  }
  if (caller === 'pupil') {
    for (const slot of Object.values(world.slots).filter((s) => s.key !== 'A1a')) privateOf(slot);
  }
  return ids;
}

export function schoolOfClass(world: World, classId: string): string {
  const key = (Object.keys(world.classes) as ClassKey[]).find((k) => world.classes[k] === classId);
  if (!key) throw new Error(`unknown class ${classId}`);
  return world.schools[key[0] as SchoolKey].id;
}
