// One-time password reset links made by an administrator, and pupils kept to the ENT by their school's
// setting, through the HTTP API on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, TEST_ORIGIN, TEST_PASSWORD, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { RESET_LINK_TTL_MS } from './password-reset.service.ts';

const NEW_PASSWORD = 'Vélo-rouge-du-jardin-42';

describe.each(testDatabaseUrls())('password reset links on $name', ({ createUrl }) => {
  let t: TestApp;
  let now: number;
  const clock = { now: () => now };
  let schoolA: SeededSchool;
  let aliceId: string;
  let adminA: string;
  let adminB: string;

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 2, 17, 0);
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['ok'] }), clock });
    schoolA = await seedSchool(t.services);
    const schoolB = await seedSchool(t.services);
    aliceId = await seedUser(t.services, 'pupil', 'alice', schoolA);
    await seedUser(t.services, 'teacher', 'prof.a', schoolA);
    await seedUser(t.services, 'school-admin', 'direction.a', schoolA);
    await seedUser(t.services, 'school-admin', 'direction.b', schoolB);
    adminA = await loginAs(t.app, 'direction.a');
    adminB = await loginAs(t.app, 'direction.b');
  });
  afterEach(async () => t.close());

  const createLink = (cookie: string, userId = aliceId) =>
    t.app.inject({ method: 'POST', url: `/api/users/${userId}/password-reset`, headers: asUser(cookie) });
  const tokenOf = (path: string) => path.replace('/reinitialisation/', '');
  const inspect = (token: string) => t.app.inject({ method: 'GET', url: `/api/password-resets/${token}` });
  const reset = (token: string, password: string) =>
    t.app.inject({ method: 'POST', url: `/api/password-resets/${token}`, headers: { origin: TEST_ORIGIN }, payload: { password } });
  const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN }, payload: { login: 'alice', password } });

  it('lets the school admin make a one-time link; the pupil chooses a password under the policy and is signed out everywhere', async () => {
    const pupilSession = await loginAs(t.app, 'alice');
    const created = await createLink(adminA);
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const link = created.json<{ path: string; login: string; expiresAt: number }>();
    expect(link).toMatchObject({ login: 'alice', expiresAt: now + RESET_LINK_TTL_MS });
    expect(link.path).toMatch(/^\/reinitialisation\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(link.path);

    expect((await inspect(token)).json()).toEqual({ login: 'alice', displayName: 'Personne alice', expiresAt: link.expiresAt });

    const weak = await reset(token, 'motdepasse');
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ message: string }>().message).toBe('Le mot de passe doit comporter au moins 12 caractères.');
    const withLogin = await reset(token, 'Alice-2026-mon-code!');
    expect(withLogin.statusCode).toBe(400);
    expect(withLogin.json<{ message: string }>().message).toBe('Le mot de passe ne doit contenir ni l’identifiant ni le nom de la personne.');
    const common = await reset(token, 'Azerty123456!');
    expect(common.json<{ message: string }>().message).toMatch(/trop courant/);

    const done = await reset(token, NEW_PASSWORD);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ login: 'alice' });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pupilSession } })).statusCode).toBe(401);
    expect((await login(TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(NEW_PASSWORD)).statusCode).toBe(200);

    // Single use.
    expect((await reset(token, 'Encore-un-autre-mot-2026')).statusCode).toBe(410);
    expect((await inspect(token)).statusCode).toBe(410);
    expect((await login(NEW_PASSWORD)).statusCode).toBe(200);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', 'like', 'password.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'password.reset-link', subject_id: aliceId },
      { action: 'password.reset', subject_id: aliceId },
    ]);
    // The token never reaches the logs (request paths are masked).
    expect(t.logs.join('')).not.toContain(token);
  });

  it('lets only the admins who manage the account make a link', async () => {
    expect((await createLink(adminB)).statusCode).toBe(404);
    const pupil = await loginAs(t.app, 'alice');
    expect((await createLink(pupil)).statusCode).toBe(403);
    const teacher = await loginAs(t.app, 'prof.a');
    expect((await createLink(teacher)).statusCode).toBe(403);
    const self = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: adminA } })).json<{ id: string }>().id;
    expect((await createLink(adminA, self)).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('password_resets').select('token_hash').execute()).toEqual([]);

    await seedUser(t.services, 'academie-admin', 'rectorat');
    expect((await createLink(await loginAs(t.app, 'rectorat'))).statusCode).toBe(201);
  });

  it('refuses an expired link and one replaced by a newer link', async () => {
    const first = tokenOf((await createLink(adminA)).json<{ path: string }>().path);
    const second = tokenOf((await createLink(adminA)).json<{ path: string }>().path);
    expect((await reset(first, NEW_PASSWORD)).statusCode).toBe(410);
    now += RESET_LINK_TTL_MS;
    const expired = await reset(second, NEW_PASSWORD);
    expect(expired.statusCode).toBe(410);
    expect(expired.json<{ message: string }>().message).toMatch(/n’est plus valable/);
    expect((await inspect(second)).statusCode).toBe(410);
    expect((await login(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a link for a disabled account', async () => {
    const token = tokenOf((await createLink(adminA)).json<{ path: string }>().path);
    expect((await t.app.inject({ method: 'POST', url: `/api/users/${aliceId}/disable`, headers: asUser(adminA) })).statusCode).toBe(204);
    expect((await reset(token, NEW_PASSWORD)).statusCode).toBe(410);
    expect((await createLink(adminA)).statusCode).toBe(409);
  });

  it('keeps the pupils of a school to the ENT when its local passwords are off, with a French pointer to the button', async () => {
    const setting = await t.app.inject({ method: 'PUT', url: `/api/schools/${schoolA.schoolId}/settings/pupil-passwords`, headers: asUser(adminA), payload: { value: 'non' } });
    expect(setting.statusCode).toBe(200);
    const refused = await login(TEST_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ message: string }>().message).toBe(
      'Dans ton établissement, les élèves se connectent uniquement par l’ENT : utilise le bouton « Se connecter avec l’ENT » au-dessus du formulaire.',
    );
    expect(refused.cookies.find((c) => c.name === 'tuteur_session')).toBeUndefined();
    // A wrong password still gets the usual answer: the setting is told only to who knows the password.
    expect((await login('pas-le-bon-mot-de-passe')).json<{ code: string }>().code).toBe('bad_credentials');
    // Staff of the school still sign in with their password; no reset link for such a pupil.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN }, payload: { login: 'prof.a', password: TEST_PASSWORD } })).statusCode).toBe(200);
    expect((await createLink(adminA)).statusCode).toBe(409);

    await t.app.inject({ method: 'PUT', url: `/api/schools/${schoolA.schoolId}/settings/pupil-passwords`, headers: asUser(adminA), payload: { value: 'oui' } });
    expect((await login(TEST_PASSWORD)).statusCode).toBe(200);
  });
});
