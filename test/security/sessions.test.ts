// Sessions under attack: fixation, revocation of a disabled account's open answer stream (over a real
// loopback socket), cookie flags (also behind a TLS proxy), the origin check on every state-changing
// route of the route table, and login brute force.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../databases.ts';
import { expectationOf, SCOPES } from '../../src/server/policies/expectations.ts';
import { THROTTLE } from '../../src/server/modules/auth/auth.service.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, TEST_ORIGIN, TEST_PASSWORD, type TestApp } from '../../src/server/testing/test-app.ts';
import { ROLES } from '../../src/shared/roles.ts';
import { buildRequest } from './requests.ts';
import { seedWorld, type Caller, type World } from './world.ts';

const login = (t: TestApp, name: string, password = TEST_PASSWORD, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN, ...headers }, payload: { login: name, password } });

const sessionCookie = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((c) => c.name === 'tuteur_session');

describe('session fixation and cookie flags', () => {
  let t: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider() });
    proxied = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider(), trustProxy: true });
    for (const app of [t, proxied]) {
      const school = await seedSchool(app.services);
      await seedUser(app.services, 'pupil', 'victime', school);
      await seedUser(app.services, 'pupil', 'attaquant', school);
    }
  });
  afterAll(async () => {
    await t?.close();
    await proxied?.close();
  });

  it('never reuses a cookie set before login: a new token is issued and the planted one stays worthless', async () => {
    const planted = 'A'.repeat(43);
    const response = await login(t, 'victime', TEST_PASSWORD, { cookie: `tuteur_session=${planted}` });
    expect(response.statusCode).toBe(200);
    const issued = sessionCookie(response);
    expect(issued?.value).toBeDefined();
    expect(issued?.value).not.toBe(planted);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `tuteur_session=${planted}` } })).statusCode).toBe(401);
  });

  it('does not attach the victim to the attacker’s planted session (login fixation)', async () => {
    const attacker = await loginAs(t.app, 'attaquant');
    const response = await login(t, 'victime', TEST_PASSWORD, { cookie: attacker });
    const victim = sessionCookie(response)!;
    expect(`tuteur_session=${victim.value}`).not.toBe(attacker);
    const attackerMe = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: attacker } })).json<{ login: string }>();
    expect(attackerMe.login).toBe('attaquant');
    const victimMe = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `tuteur_session=${victim.value}` } })).json<{ login: string }>();
    expect(victimMe.login).toBe('victime');
  });

  it('ends the session on the server at logout: the old cookie is refused afterwards', async () => {
    const cookie = await loginAs(t.app, 'victime');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: asUser(cookie) });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toMatch(/tuteur_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ and a bounded lifetime; Secure over plain HTTP would lose the cookie', async () => {
    const cookie = sessionCookie(await login(t, 'victime')) as { httpOnly?: boolean; sameSite?: string; path?: string; maxAge?: number; secure?: boolean };
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 3600 });
    expect(cookie.secure).toBeFalsy();
  });

  it('adds Secure behind a TLS proxy (trustProxy + X-Forwarded-Proto: https), and only when the proxy is trusted', async () => {
    const behindTls = sessionCookie(await login(proxied, 'victime', TEST_PASSWORD, { 'x-forwarded-proto': 'https' })) as { secure?: boolean; httpOnly?: boolean; sameSite?: string };
    expect(behindTls).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    // Without a trusted proxy the header is just a header anyone can send: it changes nothing.
    const direct = sessionCookie(await login(t, 'victime', TEST_PASSWORD, { 'x-forwarded-proto': 'https' })) as { secure?: boolean };
    expect(direct.secure).toBeFalsy();
  });
});

describe('revocation of a disabled pupil’s open answer stream (real socket)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    // A slow answer: 200 tokens, 20 ms apart, so the stream is surely still open when the account is disabled.
    t = await createTestApp({
      databaseUrl: await createSqliteUrl(),
      llm: createFakeProvider({ tokens: Array.from({ length: 200 }, (_, i) => ` mot${i}`), delayMs: 20 }),
      maxTokens: 400,
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t?.close());

  it('ends the stream at once, stores the partial answer as interrupted, and refuses the cookie afterwards', async () => {
    const school = await seedSchool(t.services);
    const pupilId = await seedUser(t.services, 'pupil', 'eleve-revoquee', school);
    await seedUser(t.services, 'school-admin', 'direction-revocation', school);
    const pupil = await loginAs(t.app, 'eleve-revoquee');
    const admin = await loginAs(t.app, 'direction-revocation');
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(pupil), payload: {} })).json<{ id: string }>();

    const response = await fetch(`${base}/api/conversations/${id}/messages`, {
      method: 'POST',
      headers: { ...asUser(pupil), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Explique-moi les fractions.' }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('event: token')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended before the first token');
      received += decoder.decode(value, { stream: true });
    }

    const disabledAt = Date.now();
    const disable = await t.app.inject({ method: 'POST', url: `/api/users/${pupilId}/disable`, headers: asUser(admin) });
    expect(disable.statusCode).toBe(204);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    const endedAfter = Date.now() - disabledAt;
    // 200 tokens at 20 ms would take 4 s more: "at once" is well under a second.
    expect(endedAfter).toBeLessThan(1000);
    expect(received).toMatch(/event: error\ndata: \{"code":"tutor_stopped"/);
    expect(received).not.toContain('event: done');

    const stored = await t.database.db
      .selectFrom('messages')
      .select(['author', 'status'])
      .where('conversation_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(stored.map((m) => `${m.author}:${m.status}`)).toEqual(['pupil:complete', 'tutor:interrupted']);
    expect((await fetch(`${base}/api/me`, { headers: { cookie: pupil } })).status).toBe(401);
    console.info(`revocation: stream ended ${endedAfter} ms after the account was disabled`);
  });
});

describe('origin check on every state-changing route (generated from the route table)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['ok'] }) });
    world = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  const FORGED: [string, Record<string, string>][] = [
    ['a foreign origin', { origin: 'https://evil.example' }],
    ['a look-alike origin', { origin: `${TEST_ORIGIN}.evil.example` }],
    ['origin null (sandboxed frame, data: URL)', { origin: 'null' }],
    ['no origin at all', {}],
    ['no origin, cross-site fetch metadata', { 'sec-fetch-site': 'cross-site' }],
    ['no origin, same-site (a sibling subdomain) fetch metadata', { 'sec-fetch-site': 'same-site' }],
  ];

  function allowedCaller(method: string, url: string): Caller {
    const expectation = expectationOf(method, url);
    if (!expectation || expectation.public) return 'anonymous';
    return ROLES.find((role) => SCOPES.some((s) => expectation.allow[role]?.includes(s))) ?? 'anonymous';
  }

  it('refuses a forged or missing origin before anything runs, even with a valid session', async () => {
    const failures: string[] = [];
    let checks = 0;
    const routes = t.app.routeTable.filter((r) => STATE_CHANGING.has(r.method) && !expectationOf(r.method, r.url)?.serverToServer);
    for (const route of routes) {
      const caller = allowedCaller(route.method, route.url);
      const cookie = caller === 'anonymous' ? undefined : world.actors[caller].cookie;
      const spec = await buildRequest(t.app, world, route, caller, 'own', cookie);
      for (const [what, headers] of FORGED) {
        const response = await t.app.inject({ method: spec.method, url: spec.url, query: spec.query, payload: spec.payload, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
        checks += 1;
        if (response.statusCode !== 403 || response.json<{ code: string }>().code !== 'bad_origin') failures.push(`${route.method} ${route.url} with ${what} → ${response.statusCode}`);
      }
    }
    console.info(`origin check: ${routes.length} state-changing routes × ${FORGED.length} forgeries = ${checks} requests`);
    expect(failures).toEqual([]);
    expect(routes.length).toBeGreaterThan(20);
  });

  it('exempts only the declared server-to-server routes, which are public and answer the same with or without a session', async () => {
    const exempt = t.app.routeTable.filter((r) => STATE_CHANGING.has(r.method) && expectationOf(r.method, r.url)?.serverToServer);
    expect(exempt.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['POST /api/auth/cas/:provider/callback', 'POST /api/auth/cas/:provider/logout', 'POST /api/auth/saml/:provider/acs']);
    for (const route of exempt) {
      expect(route.policy).toBe('public');
      const spec = await buildRequest(t.app, world, route, 'anonymous', 'own', undefined);
      const anonymous = await t.app.inject({ method: spec.method, url: spec.url, payload: spec.payload, headers: { origin: 'https://ent.example' } });
      const withSession = await t.app.inject({ method: spec.method, url: spec.url, payload: spec.payload, headers: { origin: 'https://ent.example', cookie: world.actors['school-admin'].cookie } });
      expect(anonymous.json<{ code: string }>().code).not.toBe('bad_origin');
      expect([withSession.statusCode, withSession.body]).toEqual([anonymous.statusCode, anonymous.body]);
    }
    // The admin's session survived the single-logout calls: they never act on the caller's own cookie.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: world.actors['school-admin'].cookie } })).statusCode).toBe(200);
  });

  it('accepts the same-origin header pair a browser sends', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: { cookie: world.actors.pupil.cookie, 'sec-fetch-site': 'same-origin' },
      payload: {},
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('login brute force', () => {
  let t: TestApp;
  let now = Date.UTC(2026, 8, 14, 9, 0);

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider(), clock: { now: () => now } });
    const school = await seedSchool(t.services);
    for (const name of ['cible', 'voisin', 'autre']) await seedUser(t.services, 'pupil', name, school);
  });
  afterAll(async () => t?.close());

  it('locks an account after a few failures, even for the right password, then lets it in after the lock', async () => {
    for (let i = 0; i < THROTTLE.accountFailures; i += 1) expect((await login(t, 'cible', 'mauvais-mot-de-passe')).statusCode).toBe(401);
    const locked = await login(t, 'cible');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json<{ message: string }>().message).toMatch(/Trop de tentatives/);
    // Case and spaces do not open a second counter for the same account.
    expect((await login(t, '  CIBLE ')).statusCode).toBe(429);
    expect((await login(t, 'voisin')).statusCode).toBe(200);
    now += THROTTLE.lockMs + 1000;
    expect((await login(t, 'cible')).statusCode).toBe(200);
  });

  it('locks an address spraying many accounts, and a forged X-Forwarded-For does not escape it without a trusted proxy', async () => {
    now += THROTTLE.windowMs + 1000;
    for (let i = 0; i < THROTTLE.ipFailures; i += 1) {
      const response = await login(t, `inconnu-${i}`, 'mauvais-mot-de-passe', { 'x-forwarded-for': `203.0.113.${i % 250}` });
      expect(response.statusCode).toBe(401);
    }
    const locked = await login(t, 'autre', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.7' });
    expect(locked.statusCode).toBe(429);
  });
});

describe('login brute force behind the school’s reverse proxy', () => {
  it('trusts one hop only: the address nginx appends counts, whatever the client wrote before it', async () => {
    const now = Date.UTC(2026, 8, 14, 9, 0);
    const t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider(), clock: { now: () => now }, trustProxy: true });
    try {
      const school = await seedSchool(t.services);
      await seedUser(t.services, 'pupil', 'autre', school);
      // nginx appends the real client (192.0.2.10) to whatever X-Forwarded-For the client sent.
      for (let i = 0; i < THROTTLE.ipFailures; i += 1) {
        expect((await login(t, `inconnu-${i}`, 'mauvais-mot-de-passe', { 'x-forwarded-for': `203.0.113.${i % 250}, 192.0.2.10` })).statusCode).toBe(401);
      }
      expect((await login(t, 'autre', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.7, 192.0.2.10' })).statusCode).toBe(429);
      expect((await login(t, 'autre', TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.11' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
