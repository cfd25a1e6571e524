// Walks the route table: every route declares a policy, every non-public route refuses anonymous
// callers and callers whose role may never do its action.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../../../test/databases.ts';
import { can, POLICIES, type Action } from '../policies/policies.ts';
import { ROLES } from '../../shared/roles.ts';
import { createFakeProvider } from '../modules/llm/fake.provider.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, type TestApp } from '../testing/test-app.ts';
import { installRoutePolicies } from './route-policy.ts';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:id\b/g, SAMPLE_ID);

describe('route policies', () => {
  let t: TestApp;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['ok'] }) });
    const school = await seedSchool(t.services);
    for (const role of ROLES) {
      await seedUser(t.services, role, `u-${role}`, school);
      cookies.set(role, await loginAs(t.app, `u-${role}`));
    }
  });
  afterAll(async () => t.close());

  it('refuses to register a route without a policy', async () => {
    const app = Fastify();
    installRoutePolicies(app, async () => null);
    expect(() => app.get('/api/oubli', async () => 'x')).toThrow(/politique d’accès/);
    await app.close();
  });

  it('has a declared, known policy on every route', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(10);
    for (const route of t.app.routeTable) {
      expect(route.policy === 'public' || route.policy in POLICIES, `${route.method} ${route.url}`).toBe(true);
    }
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    for (const route of t.app.routeTable.filter((r) => r.policy !== 'public' && r.method !== 'HEAD')) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: { origin: 'http://tuteur.test' }, payload: route.method === 'GET' ? undefined : {} });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers 403 on every route to every role its policy excludes', async () => {
    for (const route of t.app.routeTable.filter((r) => r.policy !== 'public' && r.method !== 'HEAD')) {
      for (const role of ROLES) {
        const actor = { id: 'x', role, schoolId: 'y' };
        if (can(actor, route.policy as Action)) continue;
        const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: asUser(cookies.get(role)!), payload: route.method === 'GET' ? undefined : {} });
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
      }
    }
  });

  it('serves health without a session and never the API to unknown paths', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
  });
});
