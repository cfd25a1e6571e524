// Schools, classes and accounts through the admin API, on SQLite and PostgreSQL: each admin stays
// inside its own school, and roles are handed out only as the policies allow.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';

describe.each(testDatabaseUrls())('directory on $name', ({ createUrl }) => {
  let t: TestApp;
  let schoolA: SeededSchool;
  let schoolB: SeededSchool;
  let adminA: string;
  let academie: string;

  beforeEach(async () => {
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['ok'] }) });
    schoolA = await seedSchool(t.services);
    schoolB = await seedSchool(t.services, '4e');
    await seedUser(t.services, 'school-admin', 'admin-a', schoolA);
    await seedUser(t.services, 'pupil', 'pupil-b', schoolB);
    await seedUser(t.services, 'academie-admin', 'rectorat');
    adminA = await loginAs(t.app, 'admin-a');
    academie = await loginAs(t.app, 'rectorat');
  });
  afterEach(async () => t.close());

  const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: asUser(cookie), payload: payload as object });
  const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  it('lets a school admin create a class, a teacher and a pupil of its school', async () => {
    const created = await post(adminA, '/api/classes', { schoolId: schoolA.schoolId, name: '1re C', level: '1RE' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '1re C', level: '1re' });
    const classId = created.json<{ id: string }>().id;
    const teacher = await post(adminA, '/api/users', { login: 'prof.maths', displayName: 'M. Dupont', role: 'teacher', classIds: [classId], password: 'Mot-de-passe-solide-2026' });
    expect(teacher.statusCode).toBe(201);
    expect(teacher.json()).toMatchObject({ schoolId: schoolA.schoolId, classIds: [classId] });
    const pupil = await post(adminA, '/api/users', { login: 'eleve.1', displayName: 'Léa Martin', role: 'pupil', classIds: [classId], password: 'Mot-de-passe-solide-2026' });
    expect(pupil.statusCode).toBe(201);
    const duplicate = await post(adminA, '/api/users', { login: 'ELEVE.1', displayName: 'Autre', role: 'pupil', classIds: [classId], password: 'Mot-de-passe-solide-2026' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ message: string }>().message).toMatch(/déjà utilisé/);
  });

  it('gives clear French errors for bad input', async () => {
    const level = await post(adminA, '/api/classes', { schoolId: schoolA.schoolId, name: 'X', level: 'CM2' });
    expect(level.statusCode).toBe(400);
    expect(level.json<{ message: string }>().message).toMatch(/Niveau inconnu/);
    const shortPassword = await post(adminA, '/api/users', { login: 'x.y', displayName: 'X', role: 'pupil', password: 'court' });
    expect(shortPassword.json<{ message: string }>().message).toMatch(/12 caractères/);
    const uai = await post(academie, '/api/schools', { uai: '123', name: 'X' });
    expect(uai.json<{ message: string }>().message).toMatch(/UAI/);
  });

  it('keeps a school admin out of another school', async () => {
    const classes = (await get(adminA, '/api/classes')).json<{ schoolId: string }[]>();
    expect(classes.every((c) => c.schoolId === schoolA.schoolId)).toBe(true);
    const users = (await get(adminA, '/api/users')).json<{ login: string }[]>();
    expect(users.map((u) => u.login)).not.toContain('pupil-b');
    const schools = (await get(adminA, '/api/schools')).json<{ id: string }[]>();
    expect(schools.map((s) => s.id)).toEqual([schoolA.schoolId]);
    expect((await post(adminA, '/api/classes', { schoolId: schoolB.schoolId, name: 'Intrus', level: '3e' })).statusCode).toBe(403);
    expect(
      (await post(adminA, '/api/users', { login: 'intrus', displayName: 'I', role: 'pupil', schoolId: schoolB.schoolId, password: 'Mot-de-passe-solide-2026' })).statusCode,
    ).toBe(403);
    expect((await post(adminA, '/api/users', { login: 'x', displayName: 'I', role: 'teacher', classIds: [schoolB.classId], password: 'Mot-de-passe-solide-2026' })).statusCode).toBe(400);
    const pupilB = (await get(academie, '/api/users')).json<{ id: string; login: string }[]>().find((u) => u.login === 'pupil-b')!;
    expect((await post(adminA, `/api/users/${pupilB.id}/disable`, {})).statusCode).toBe(404);
  });

  it('never lets a school admin make an académie admin, nor accept unknown fields', async () => {
    const escalate = await post(adminA, '/api/users', { login: 'evil', displayName: 'E', role: 'academie-admin', password: 'Mot-de-passe-solide-2026' });
    expect(escalate.statusCode).toBe(403);
    const massAssignment = await post(adminA, '/api/users', { login: 'evil2', displayName: 'E', role: 'pupil', password: 'Mot-de-passe-solide-2026', isAdmin: true });
    expect(massAssignment.statusCode).toBe(400);
  });

  it('lets the académie admin manage every school', async () => {
    const school = await post(academie, '/api/schools', { uai: '0330001Z', name: 'Collège de Bordeaux' });
    expect(school.statusCode).toBe(201);
    expect((await post(academie, '/api/schools', { uai: '0330001z', name: 'Doublon' })).statusCode).toBe(409);
    const all = (await get(academie, '/api/classes')).json<{ schoolId: string }[]>();
    expect(new Set(all.map((c) => c.schoolId))).toEqual(new Set([schoolA.schoolId, schoolB.schoolId]));
    expect((await get(academie, '/api/admin/status')).json()).toMatchObject({ model: { state: 'ready' } });
  });
});
