// Assignments, live sessions, the framework's rules and the teachers' switches through HTTP, on SQLite
// and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import type { LiveView } from '../../../shared/api.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';

// Tuesday 3 November 2026, 17:30 in Paris: inside the default "aide aux devoirs" hours.
const TUESDAY_EVENING = Date.UTC(2026, 10, 3, 16, 30);
const HOUR = 3600_000;

describe.each(testDatabaseUrls())('tutoring on $name', ({ createUrl }) => {
  let t: TestApp;
  let now: number;
  let lycee: SeededSchool;
  let teacher: string;
  let pupil: string;
  let tokens: string[];

  beforeEach(async () => {
    now = TUESDAY_EVENING;
    tokens = ['Quelle ', 'opération ', 'ferais-tu ', 'd’abord ', '?'];
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: () => tokens, delayMs: 2 }), clock: { now: () => now } });
    lycee = await seedSchool(t.services, '2nde', { framework: true });
    await seedUser(t.services, 'teacher', 'prof', lycee);
    await seedUser(t.services, 'pupil', 'lea', lycee);
    teacher = await loginAs(t.app, 'prof');
    pupil = await loginAs(t.app, 'lea');
  });
  afterEach(async () => t.close());

  const post = (cookie: string, url: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: asUser(cookie), payload });
  const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  async function openAssignment(classIds = [lycee.classId], extra: object = {}) {
    const response = await post(teacher, '/api/assignments', {
      title: 'Équations du premier degré',
      subject: 'mathematiques',
      statement: 'Résoudre 3x + 5 = 20.',
      expectedAnswer: 'x = 5',
      modes: ['guidage', 'verification'],
      classIds,
      opensAt: now - HOUR,
      closesAt: now + 48 * HOUR,
      ...extra,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function ask(cookie: string, assignmentId: string | undefined, text = 'Je ne sais pas par où commencer') {
    const conversation = await post(cookie, '/api/conversations', assignmentId ? { assignmentId } : {});
    expect(conversation.statusCode, conversation.body).toBe(201);
    return post(cookie, `/api/conversations/${conversation.json<{ id: string }>().id}/messages`, { text });
  }

  it('lets a teacher open an assignment that a 2nde pupil uses, without seeing the expected answer', async () => {
    const id = await openAssignment();
    const list = (await get(pupil, '/api/assignments')).json<Record<string, unknown>[]>();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, title: 'Équations du premier degré', modes: ['guidage', 'verification'] });
    expect(list[0]).not.toHaveProperty('expectedAnswer');
    expect((await get(pupil, `/api/assignments/${id}`)).body).not.toContain('x = 5');
    expect((await get(teacher, `/api/assignments/${id}`)).json()).toMatchObject({ expectedAnswer: 'x = 5' });

    const answer = await ask(pupil, id);
    expect(answer.statusCode).toBe(200);
    expect(parseSse(answer.body).at(-1)?.event).toBe('done');
    const usage = (await get(teacher, '/api/assignments/usage')).json<{ assignmentId: string; pupils: number; pupilMessages: number }[]>();
    expect(usage).toEqual([{ assignmentId: id, conversations: 1, pupils: 1, pupilMessages: 1 }]);
  });

  it('refuses a mode the teacher did not allow, and an assignment of another class', async () => {
    const id = await openAssignment();
    const mode = await post(pupil, '/api/conversations', { assignmentId: id, mode: 'explication' });
    expect(mode.statusCode).toBe(400);
    expect(mode.json<{ message: string }>().message).toMatch(/pas autorisé/);
    const other = await t.services.classes.create('cli', { schoolId: lycee.schoolId, name: '2nde C', level: '2nde' });
    await seedUser(t.services, 'pupil', 'autre', { ...lycee, classId: other.id });
    const outsider = await loginAs(t.app, 'autre');
    expect((await post(outsider, '/api/conversations', { assignmentId: id })).statusCode).toBe(404);
    expect((await get(outsider, '/api/assignments')).json()).toEqual([]);
  });

  it('stops the answer before the expected answer reaches the pupil in Guidage', async () => {
    const id = await openAssignment();
    tokens = ['Bravo ', '! ', 'Donc ', 'x ', '= ', '5', ', ', 'vérifie.'];
    const response = await ask(pupil, id);
    const shown = parseSse(response.body)
      .filter((e) => e.event === 'token')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(shown).not.toMatch(/x\s*=\s*5/);
    expect(shown).toContain('le but est que tu la trouves toi-même');
    const conversations = (await get(pupil, '/api/conversations')).json<{ id: string }[]>();
    const stored = (await get(pupil, `/api/conversations/${conversations[0]!.id}`)).json<{ messages: { text: string }[] }>();
    expect(stored.messages[1]?.text).not.toMatch(/x\s*=\s*5/);
  });

  it('follows the framework: 5e refused, 3e only during a live session, lycée within opening hours', async () => {
    const college = await t.services.classes.create('cli', { schoolId: lycee.schoolId, name: '5e A', level: '5e' });
    const troisieme = await t.services.classes.create('cli', { schoolId: lycee.schoolId, name: '3e A', level: '3e' });
    await seedUser(t.services, 'pupil', 'cinquieme', { ...lycee, classId: college.id });
    const thirdId = await seedUser(t.services, 'pupil', 'troisieme', { ...lycee, classId: troisieme.id });
    await t.services.users.create('cli', { login: 'prof.college', displayName: 'Prof', role: 'teacher', schoolId: lycee.schoolId, classIds: [college.id, troisieme.id], password: 'mot-de-passe-solide' });
    const collegeTeacher = await loginAs(t.app, 'prof.college', 'mot-de-passe-solide');
    const assignment = (
      await post(collegeTeacher, '/api/assignments', {
        title: 'Fractions',
        subject: 'mathematiques',
        statement: 'Calculer 1/2 + 1/3.',
        modes: ['guidage'],
        classIds: [college.id, troisieme.id],
        opensAt: now - HOUR,
        closesAt: now + HOUR,
      })
    ).json<{ id: string }>().id;

    const fifth = await ask(await loginAs(t.app, 'cinquieme'), assignment);
    expect(fifth.statusCode).toBe(403);
    expect(fifth.json()).toMatchObject({ code: 'level_not_allowed' });

    const third = await loginAs(t.app, 'troisieme');
    const refused = await ask(third, assignment);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ message: string }>().message).toMatch(/séance ouverte par ton professeur/);
    const session = await post(collegeTeacher, '/api/live-sessions', { classId: troisieme.id, durationMinutes: 55 });
    expect(session.statusCode).toBe(201);
    expect((await ask(third, assignment)).statusCode).toBe(200);
    const liveView = async () => (await get(collegeTeacher, `/api/live-sessions/current?classId=${troisieme.id}`)).json<LiveView>();
    const live = await liveView();
    expect(live.pupils.map((p) => p.displayName)).toEqual(['Personne troisieme']);
    // Names and times only; connected (signed in just now), answered, so not waiting any more.
    expect(Object.keys(live.pupils[0]!).sort()).toEqual(['connected', 'displayName', 'id', 'lastMessageAt', 'waitingSince']);
    expect(live.pupils[0]).toMatchObject({ connected: true, waitingSince: null });
    expect(live.waiting).toBe(0);
    // A pupil waiting for an answer on any instance holds a lease: the teacher sees it in the queue.
    await t.database.db.insertInto('chat_leases').values({ pupil_id: thirdId, instance_id: 'autre-instance', class_id: troisieme.id, assignment_id: assignment, stop_reason: null, started_at: now - 4_000, expires_at: now + 10_000 }).execute();
    const waiting = await liveView();
    expect(waiting.waiting).toBe(1);
    expect(waiting.pupils[0]?.waitingSince).toBe(now - 4_000);
    await t.database.db.deleteFrom('chat_leases').execute();
    expect((await post(collegeTeacher, `/api/live-sessions/${session.json<{ id: string }>().id}/end`)).statusCode).toBe(204);
    expect((await ask(third, assignment)).statusCode).toBe(403);
    // A teacher of another class cannot open a séance for this one.
    expect((await post(teacher, '/api/live-sessions', { classId: troisieme.id, durationMinutes: 30 })).statusCode).toBe(404);

    const id = await openAssignment();
    now = Date.UTC(2026, 10, 4, 7, 0); // Wednesday, 8:00 in Paris
    const early = await ask(await loginAs(t.app, 'lea'), id);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ code: 'outside_hours' });
    expect(early.json<{ message: string }>().message).toContain('aujourd’hui à 13:00');
  });

  it('refuses free questions until the school allows them for the level, and audits nothing in clear', async () => {
    const refused = await ask(pupil, undefined);
    expect(refused.json()).toMatchObject({ code: 'free_questions_off' });
    const admin = await seedUser(t.services, 'school-admin', 'direction', lycee).then(() => loginAs(t.app, 'direction'));
    const bad = await t.app.inject({ method: 'PUT', url: `/api/schools/${lycee.schoolId}/settings/free-questions`, headers: asUser(admin), payload: { value: '2nde,CM2' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/niveau inconnu « cm2 »/);
    const set = await t.app.inject({ method: 'PUT', url: `/api/schools/${lycee.schoolId}/settings/free-questions`, headers: asUser(admin), payload: { value: '2nde,1re,terminale' } });
    expect(set.statusCode).toBe(200);
    expect((await ask(pupil, undefined)).statusCode).toBe(200);
    const settings = (await get(admin, `/api/schools/${lycee.schoolId}/settings`)).json<{ key: string; value: string; isDefault: boolean }[]>();
    expect(settings.find((s) => s.key === 'free-questions')).toMatchObject({ value: '2nde,1re,terminale', isDefault: false });
    expect((await get(teacher, `/api/schools/${lycee.schoolId}/settings`)).statusCode).toBe(403);
  });

  it('switches the tutor off for an assignment or a class at once, running answers included', async () => {
    const id = await openAssignment();
    tokens = Array.from({ length: 300 }, (_, i) => `m${i} `);
    const running = ask(pupil, id);
    await new Promise((r) => setTimeout(r, 60));
    expect((await post(teacher, `/api/assignments/${id}/tutor`, { enabled: false })).statusCode).toBe(204);
    const events = parseSse((await running).body);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'tutor_stopped' } });
    expect((await ask(pupil, id)).json()).toMatchObject({ code: 'tutor_off_assignment' });

    expect((await post(teacher, `/api/assignments/${id}/tutor`, { enabled: true })).statusCode).toBe(204);
    expect((await post(teacher, `/api/classes/${lycee.classId}/tutor`, { enabled: false })).statusCode).toBe(204);
    expect((await ask(pupil, id)).json()).toMatchObject({ code: 'tutor_off_class' });
    expect((await post(pupil, `/api/classes/${lycee.classId}/tutor`, { enabled: true })).statusCode).toBe(403);
  });

  it('counts messages against the daily quota and shows what remains', async () => {
    const admin = await seedUser(t.services, 'school-admin', 'direction', lycee).then(() => loginAs(t.app, 'direction'));
    await t.app.inject({ method: 'PUT', url: `/api/schools/${lycee.schoolId}/settings/quota-day`, headers: asUser(admin), payload: { value: '2' } });
    const id = await openAssignment();
    expect((await ask(pupil, id)).statusCode).toBe(200);
    expect((await get(pupil, '/api/me/tutor-status')).json()).toMatchObject({ quota: { day: { used: 1, limit: 2 } } });
    expect((await ask(pupil, id)).statusCode).toBe(200);
    const third = await ask(pupil, id);
    expect(third.statusCode).toBe(429);
    expect(third.json<{ message: string }>().message).toMatch(/demain/);
    now += 24 * HOUR;
    expect((await ask(await loginAs(t.app, 'lea'), id)).statusCode).toBe(200);
  });
});
