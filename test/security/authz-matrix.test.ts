// The authorization matrix: every route of the route table × every role (and anonymous) × own object,
// another pupil's, another class's, another school's. A 2xx is allowed only where
// src/server/policies/expectations.ts says so, and an allowed request must succeed (so a denial is never
// vacuous, e.g. a malformed request refused for the wrong reason). Every 2xx answer is also searched for
// ids the caller must never see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../databases.ts';
import { expectationOf, ROUTE_EXPECTATIONS, SCOPES, type Scope } from '../../src/server/policies/expectations.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { createTestApp, loginAs, type TestApp } from '../../src/server/testing/test-app.ts';
import { browserHeaders, buildRequest, hasBuilder } from './requests.ts';
import { CALLERS, forbiddenIds, seedWorld, type World } from './world.ts';

describe('authorization matrix (SQLite)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['Bonne', ' question', ' !'] }) });
    world = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  it('has an expectation and a request builder for every route, and none for routes that are gone', () => {
    const missing = t.app.routeTable.filter((r) => !expectationOf(r.method, r.url) || !hasBuilder(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing, 'routes without a line in src/server/policies/expectations.ts or test/security/requests.ts').toEqual([]);
    const present = new Set(t.app.routeTable.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ROUTE_EXPECTATIONS).filter((key) => !present.has(key))).toEqual([]);
  });

  it('gives a 2xx exactly where the expectations allow it, and never shows another school’s or pupil’s ids', async () => {
    const failures: string[] = [];
    let checks = 0;
    const started = Date.now();
    for (const route of t.app.routeTable) {
      const expectation = expectationOf(route.method, route.url);
      if (!expectation) continue;
      const scopes: readonly Scope[] = expectation.public || expectation.target === 'none' ? ['own'] : SCOPES;
      for (const caller of CALLERS) {
        for (const scope of scopes) {
          let cookie = caller === 'anonymous' ? undefined : world.actors[caller].cookie;
          const spec = await buildRequest(t.app, world, route, caller, scope, cookie);
          if (spec.freshSession && caller !== 'anonymous') cookie = await loginAs(t.app, world.actors[caller].login);
          const response = await t.app.inject({ method: spec.method, url: spec.url, query: spec.query, payload: spec.payload, headers: browserHeaders(cookie) });
          checks += 1;
          const where = `${caller} ${scope} ${route.method} ${route.url} → ${response.statusCode}`;
          const ok = response.statusCode >= 200 && response.statusCode < 300;
          if (response.statusCode >= 500) failures.push(`server error: ${where} ${response.body.slice(0, 200)}`);
          if (expectation.public) continue;
          const allowed = caller !== 'anonymous' && (expectation.allow[caller] ?? []).includes(scope);
          if (allowed && !ok) failures.push(`expected 2xx: ${where} ${response.body.slice(0, 200)}`);
          if (!allowed && ok) failures.push(`UNEXPECTED 2xx: ${where}`);
          if (caller === 'anonymous' && response.statusCode !== 401) failures.push(`anonymous not 401: ${where}`);
          if (ok && caller !== 'anonymous') {
            for (const [id, what] of forbiddenIds(world, caller)) {
              if (response.body.includes(id)) failures.push(`LEAK of ${what}: ${where}`);
            }
          }
        }
      }
    }
    console.info(`authorization matrix: ${checks} requests over ${t.app.routeTable.length} routes in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(1000);
  }, 180_000); // Bounded by the route table × roles × scopes; the limit only catches a hang.

  // Ids inside bodies point at objects too: each must be checked like the one in the path.
  it('refuses references to another class or school inside request bodies', async () => {
    const { slots, classes, schools, actors } = world;
    const send = (role: keyof World['actors'], method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, payload, headers: browserHeaders(actors[role].cookie) });
    const window = { opensAt: Date.now() - 3600_000, closesAt: Date.now() + 86_400_000 };
    const assignment = { title: 'Devoir', subject: 'francais', statement: 'Énoncé', modes: ['guidage'], ...window };
    const cases: [string, Promise<{ statusCode: number }>][] = [
      ['school admin moves its assignment to another school’s class', send('school-admin', 'PATCH', `/api/assignments/${slots.A1a.assignmentId}`, { classIds: [classes.B1] })],
      ['académie admin mixes schools in one assignment', send('academie-admin', 'PATCH', `/api/assignments/${slots.A1a.assignmentId}`, { classIds: [classes.A1, classes.B1] })],
      ['school admin gives an assignment an unknown class', send('school-admin', 'PATCH', `/api/assignments/${slots.A1a.assignmentId}`, { classIds: ['00000000-0000-4000-8000-000000000000'] })],
      ['teacher moves its assignment to a class it does not teach', send('teacher', 'PATCH', `/api/assignments/${slots.A1a.assignmentId}`, { classIds: [classes.A2] })],
      ['teacher adds another school’s class to a new assignment', send('teacher', 'POST', '/api/assignments', { ...assignment, classIds: [classes.A1, classes.B1] })],
      ['pupil opens a conversation on another class’s assignment', send('pupil', 'POST', '/api/conversations', { assignmentId: slots.A2a.assignmentId })],
      ['pupil opens a conversation on another school’s assignment', send('pupil', 'POST', '/api/conversations', { assignmentId: slots.B1a.assignmentId })],
      ['pupil reports another pupil’s message through its own conversation', send('pupil', 'POST', `/api/conversations/${slots.A1a.conversationId}/messages/${slots.A1b.tutorMessageId}/report`, {})],
      ['school admin puts its pupil in another school’s class', send('school-admin', 'POST', '/api/users', { login: 'x-cross-1', displayName: 'X', role: 'pupil', schoolId: schools.A.id, classIds: [classes.B1], password: 'mot-de-passe-assez-long' })],
      ['school admin makes an académie admin', send('school-admin', 'POST', '/api/users', { login: 'x-cross-2', displayName: 'X', role: 'academie-admin', password: 'mot-de-passe-assez-long' })],
      ['school admin makes an admin of another school', send('school-admin', 'POST', '/api/users', { login: 'x-cross-3', displayName: 'X', role: 'school-admin', schoolId: schools.B.id, password: 'mot-de-passe-assez-long' })],
      ['teacher starts a live session for another school’s class', send('teacher', 'POST', '/api/live-sessions', { classId: classes.B1, durationMinutes: 30 })],
    ];
    const results = await Promise.all(cases.map(async ([what, pending]) => `${what}: ${(await pending).statusCode}`));
    expect(results.filter((line) => !/: 4\d\d$/.test(line))).toEqual([]);
    const stored = await t.database.db.selectFrom('assignment_classes').select('class_id').where('assignment_id', '=', slots.A1a.assignmentId).execute();
    expect(stored.map((r) => r.class_id)).toEqual([classes.A1]);
  });
});
