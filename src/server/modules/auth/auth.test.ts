// Sign-in, sessions, throttling, revocation and the origin check, on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, TEST_ORIGIN, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { THROTTLE } from './auth.service.ts';

describe.each(testDatabaseUrls())('auth on $name', ({ createUrl }) => {
  let t: TestApp;
  let now: number;
  const clock = { now: () => now };

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 2, 17, 0);
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['ok'] }), clock });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    await seedUser(t.services, 'school-admin', 'direction', school);
  });
  afterEach(async () => t.close());

  const login = (login: string, password: string, ip = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN }, payload: { login, password }, remoteAddress: ip });

  it('signs in with a secure session cookie and answers /api/me', async () => {
    const response = await login('Alice', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ login: 'alice', role: 'pupil', classes: [{ name: '2nde B', level: '2nde' }] });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/tuteur_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = `tuteur_session=${response.cookies[0]?.value}`;
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ login: 'alice', displayName: 'Personne alice' });
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('gives the same French message for an unknown login and a wrong password', async () => {
    const wrong = await login('alice', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json<{ message: string }>().message).toBe('Identifiant ou mot de passe incorrect.');
  });

  it('locks an account after repeated failures, even with the right password, and unlocks later', async () => {
    for (let i = 0; i < THROTTLE.accountFailures; i += 1) expect((await login('alice', 'wrong-password-x', `10.0.0.${i}`)).statusCode).toBe(401);
    const locked = await login('alice', TEST_PASSWORD, '10.0.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect(locked.json<{ message: string }>().message).toMatch(/Trop de tentatives/);
    now += THROTTLE.lockMs + 1000;
    expect((await login('alice', TEST_PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });

  it('limits failures per address across accounts', async () => {
    for (let i = 0; i < THROTTLE.ipFailures; i += 1) await login(`inconnu${i}`, 'wrong-password-x', '10.9.9.9');
    expect((await login('alice', TEST_PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login('alice', TEST_PASSWORD, '10.9.9.8')).statusCode).toBe(200);
  });

  it('ends the session at once on logout', async () => {
    const cookie = await loginAs(t.app, 'alice');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: asUser(cookie) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends every session of a disabled account at once, and refuses its logins', async () => {
    const pupil = await loginAs(t.app, 'alice');
    const admin = await loginAs(t.app, 'direction');
    const users = (await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin } })).json<{ id: string; login: string }[]>();
    const alice = users.find((u) => u.login === 'alice')!;
    expect((await t.app.inject({ method: 'POST', url: `/api/users/${alice.id}/disable`, headers: asUser(admin) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pupil } })).statusCode).toBe(401);
    expect((await login('alice', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `/api/users/${alice.id}/enable`, headers: asUser(admin) })).statusCode).toBe(204);
    expect((await login('alice', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('expires sessions after their lifetime', async () => {
    const cookie = await loginAs(t.app, 'alice');
    now += 3600_000 + 1;
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses state changes from another origin or without one', async () => {
    const cookie = await loginAs(t.app, 'alice');
    const foreign = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: { cookie, origin: 'https://evil.example' }, payload: {} });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'bad_origin' });
    const none = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: { cookie }, payload: {} });
    expect(none.statusCode).toBe(403);
    const crossSite = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('creates the first administrator once through the set-up link', async () => {
    const fresh = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['ok'] }), clock });
    try {
      const token = await fresh.services.auth.createSetupTokenIfNoAdmin();
      expect(token).toBeTypeOf('string');
      const payload = { token, login: 'chef', displayName: 'Mme la Proviseure', password: 'Une-phrase-de-passe-longue-2026' };
      const first = await fresh.app.inject({ method: 'POST', url: '/api/setup', headers: { origin: TEST_ORIGIN }, payload });
      expect(first.statusCode).toBe(201);
      const again = await fresh.app.inject({ method: 'POST', url: '/api/setup', headers: { origin: TEST_ORIGIN }, payload: { ...payload, login: 'intrus' } });
      expect(again.statusCode).toBe(410);
      expect(await fresh.services.auth.createSetupTokenIfNoAdmin()).toBeNull();
      const me = await loginAs(fresh.app, 'chef', 'Une-phrase-de-passe-longue-2026');
      const school = await fresh.app.inject({ method: 'POST', url: '/api/schools', headers: asUser(me), payload: { uai: '0691234a', name: 'Lycée Ampère' } });
      expect(school.statusCode).toBe(201);
      expect((await fresh.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: me } })).json()).toMatchObject({ school: { uai: '0691234A' } });
      // Once it has its school, a school admin cannot create another one.
      const second = await fresh.app.inject({ method: 'POST', url: '/api/schools', headers: asUser(me), payload: { uai: '0691235B', name: 'Autre' } });
      expect(second.statusCode).toBe(403);
    } finally {
      await fresh.close();
    }
  });
});
