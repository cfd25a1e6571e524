// Mass assignment: every write route that reads a JSON body refuses fields it does not know (zod strict
// objects), generated from the route table: the valid request of test/security/requests.ts plus `role`,
// `schoolId`, `isAdmin`, `__proto__` or `constructor`. Routes that read no body must not be changed by one:
// no account's role or school moves, whatever is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../databases.ts';
import { expectationOf, SCOPES, type Scope } from '../../src/server/policies/expectations.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { createTestApp, loginAs, type TestApp } from '../../src/server/testing/test-app.ts';
import { ROLES } from '../../src/shared/roles.ts';
import { browserHeaders, buildRequest, type RequestSpec } from './requests.ts';
import { seedWorld, type Caller, type World } from './world.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Raw JSON so that `__proto__` is an own key of the body, as an attacker would send it. */
function withExtra(payload: Record<string, unknown>, extra: string): string {
  const base = JSON.stringify(payload);
  return base === '{}' ? `{${extra}}` : `${base.slice(0, -1)},${extra}}`;
}

describe('mass assignment', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['Oui', '.'] }) });
    world = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  const accounts = async () =>
    new Map((await t.database.db.selectFrom('users').select(['id', 'role', 'school_id']).execute()).map((u) => [u.id, `${u.role}@${u.school_id ?? '-'}`]));

  /** The first role and scope the expectations allow (anonymous for public routes). */
  function allowedCaller(method: string, url: string): { caller: Caller; scope: Scope } {
    const expectation = expectationOf(method, url);
    if (!expectation || expectation.public) return { caller: 'anonymous', scope: 'own' };
    for (const role of ROLES) {
      const scope = SCOPES.find((s) => expectation.allow[role]?.includes(s));
      if (scope) return { caller: role, scope };
    }
    throw new Error(`nobody may call ${method} ${url}`);
  }

  it('refuses unknown fields on every write route, and moves no account whatever is sent', async () => {
    const before = await accounts();
    const failures: string[] = [];
    const variants = [
      ['role', '"role":"academie-admin"'],
      ['schoolId', `"schoolId":"${world.schools.B.id}"`],
      ['isAdmin', '"isAdmin":true'],
      ['__proto__', '"__proto__":{"isAdmin":true,"role":"academie-admin"}'],
      ['constructor', '"constructor":{"prototype":{"isAdmin":true}}'],
    ] as const;
    let checked = 0;
    const writes = t.app.routeTable.filter((r) => WRITE_METHODS.has(r.method) && !expectationOf(r.method, r.url)?.serverToServer);
    for (const route of writes) {
      const { caller, scope } = allowedCaller(route.method, route.url);
      const session = async (spec: RequestSpec) =>
        caller === 'anonymous' ? undefined : spec.freshSession ? await loginAs(t.app, world.actors[caller].login) : world.actors[caller].cookie;
      const control = await buildRequest(t.app, world, route, caller, scope, caller === 'anonymous' ? undefined : world.actors[caller].cookie);
      const controlResponse = await t.app.inject({ method: control.method, url: control.url, query: control.query, payload: control.payload, headers: browserHeaders(await session(control)) });
      if (controlResponse.statusCode === 400 || controlResponse.statusCode >= 500) failures.push(`control refused: ${route.method} ${route.url} → ${controlResponse.statusCode} ${controlResponse.body.slice(0, 200)}`);
      for (const [name, extra] of variants) {
        const spec = await buildRequest(t.app, world, route, caller, scope, caller === 'anonymous' ? undefined : world.actors[caller].cookie);
        // A field the route really takes (POST /api/users has role and schoolId) is the matrix's business.
        if (spec.payload && Object.hasOwn(spec.payload, name)) continue;
        const response = await t.app.inject({
          method: spec.method,
          url: spec.url,
          query: spec.query,
          payload: withExtra(spec.payload ?? {}, extra),
          headers: { ...browserHeaders(await session(spec)), 'content-type': 'application/json' },
        });
        checked += 1;
        const where = `${caller} ${route.method} ${route.url} + ${name} → ${response.statusCode}`;
        if (response.statusCode >= 500) failures.push(`server error: ${where}`);
        else if (spec.noBody) continue;
        else if (response.statusCode !== 400) failures.push(`accepted: ${where} ${response.body.slice(0, 120)}`);
      }
    }
    console.info(`mass assignment: ${writes.length} write routes, ${checked} requests with extra fields`);
    expect(failures).toEqual([]);
    const after = await accounts();
    const moved = [...before].filter(([id, place]) => after.get(id) !== place);
    expect(moved).toEqual([]);
    for (const [id, place] of after) if (!before.has(id)) expect(place, 'accounts created by the control requests').toMatch(/^pupil@/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 180_000); // Bounded by the route table × roles × scopes; the limit only catches a hang.
});
