// Cross-site reads with effects (generated from the route table): opening an alert marks it seen and is
// audited, an export or a GDPR document is recorded. A SameSite=Lax cookie rides along a cross-site link or
// top-level navigation, so every signed-in GET is refused when the browser's fetch metadata says another
// site started it, before anything runs; our own pages, a typed address and tools without the header pass,
// and the public routes (sign-on callbacks come from the identity provider's site) stay open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../databases.ts';
import { expectationOf, SCOPES } from '../../src/server/policies/expectations.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { createTestApp, type TestApp } from '../../src/server/testing/test-app.ts';
import { ROLES } from '../../src/shared/roles.ts';
import { buildRequest } from './requests.ts';
import { seedWorld, type Caller, type World } from './world.ts';

const CROSS_SITE = ['cross-site', 'same-site'];
const FIRST_PARTY = ['same-origin', 'none', undefined];

function allowedCaller(method: string, url: string): Caller {
  const expectation = expectationOf(method, url);
  if (!expectation || expectation.public) return 'anonymous';
  return ROLES.find((role) => SCOPES.some((s) => expectation.allow[role]?.includes(s))) ?? 'anonymous';
}

describe('fetch-metadata check on signed-in reads', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['ok'] }) });
    world = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  /** What a read with effects changes: the audit log and the alerts' states. */
  const traces = async () => ({
    audit: (await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0,
    alerts: (await t.database.db.selectFrom('alerts').select(['id', 'state']).orderBy('id').execute()).map((a) => `${a.id}:${a.state}`).join(','),
  });

  it('refuses every signed-in GET started by another site, before anything runs or is recorded', async () => {
    const routes = t.app.routeTable.filter((r) => r.method === 'GET' && r.policy !== 'public');
    const before = await traces();
    const failures: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const caller = allowedCaller(route.method, route.url);
      if (caller === 'anonymous') continue;
      const cookie = world.actors[caller].cookie;
      const spec = await buildRequest(t.app, world, route, caller, 'own', cookie);
      for (const site of CROSS_SITE) {
        const response = await t.app.inject({ method: 'GET', url: spec.url, query: spec.query, headers: { cookie, 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' } });
        checks += 1;
        if (response.statusCode !== 403 || response.json<{ code: string }>().code !== 'bad_origin') failures.push(`${route.url} (${site}) → ${response.statusCode}`);
      }
    }
    console.info(`fetch metadata: ${routes.length} signed-in reads × ${CROSS_SITE.length} cross-site contexts = ${checks} requests refused`);
    expect(failures).toEqual([]);
    expect(await traces()).toEqual(before);
    expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/alerts/:id', '/api/me/export', '/api/gdpr/register']));
  });

  it('lets our own pages, a typed address and clients without fetch metadata read, and records what they do', async () => {
    const route = { method: 'GET', url: '/api/alerts/:id' };
    const caller = allowedCaller(route.method, route.url);
    expect(caller).not.toBe('anonymous');
    const cookie = caller === 'anonymous' ? '' : world.actors[caller].cookie;
    const spec = await buildRequest(t.app, world, route, caller, 'own', cookie);
    for (const site of FIRST_PARTY) {
      const headers: Record<string, string> = { cookie };
      if (site) headers['sec-fetch-site'] = site;
      const before = await traces();
      const opened = await t.app.inject({ method: 'GET', url: spec.url, headers });
      expect([site, opened.statusCode]).toEqual([site, 200]);
      expect((await traces()).audit).toBe(before.audit + 1);
    }
    const exported = await t.app.inject({ method: 'GET', url: '/api/me/export', headers: { cookie: world.actors.pupil.cookie, 'sec-fetch-site': 'same-origin' } });
    expect(exported.statusCode).toBe(200);
  });

  it('keeps the public reads open to other sites: the sign-on callbacks arrive from the identity provider', async () => {
    const publicReads = t.app.routeTable.filter((r) => r.method === 'GET' && r.policy === 'public');
    expect(publicReads.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/auth/cas/:provider/callback', '/api/auth/oidc/:provider/callback']));
    for (const route of publicReads) {
      const spec = await buildRequest(t.app, world, route, 'anonymous', 'own', undefined);
      const response = await t.app.inject({ method: 'GET', url: spec.url, query: spec.query, headers: { 'sec-fetch-site': 'cross-site' } });
      expect(response.statusCode, route.url).not.toBe(403);
    }
  });
});
