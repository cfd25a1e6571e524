// Property-based fuzzing of every route of the route table with fast-check: arbitrary JSON bodies (and
// valid bodies with one field replaced), arbitrary path parameters and query strings, sent by a caller
// the route admits so the input reaches the handler. Never a 500, never a crash, bounded in time.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../databases.ts';
import { expectationOf, SCOPES, type Scope } from '../../src/server/policies/expectations.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { createTestApp, loginAs, type TestApp } from '../../src/server/testing/test-app.ts';
import { ROLES } from '../../src/shared/roles.ts';
import { browserHeaders, buildRequest } from './requests.ts';
import { seedWorld, type Caller, type World } from './world.ts';

// Fixed in CI so a failure replays; TUTEUR_FUZZ_SEED and TUTEUR_FUZZ_RUNS explore further by hand.
const RUNS_PER_ROUTE = Number(process.env.TUTEUR_FUZZ_RUNS ?? 30);
const SEED = Number(process.env.TUTEUR_FUZZ_SEED ?? 20260917);

// Strings that have broken parsers and lookups elsewhere: prototype keys, traversal, encodings, huge numbers.
const NASTY = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '..%2f..%2f',
  '%00',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9007199254740993',
  '00000000-0000-0000-0000-000000000000',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  'a'.repeat(5000),
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.uuid());
/** Percent-encodes a path parameter; a lone surrogate becomes bytes that are not valid UTF-8, as a raw client could send. */
function encodeParam(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, fc.double(), fc.integer(), fc.constant(null), fc.array(nastyString, { maxLength: 3 }));

describe('HTTP fuzzing (fast-check, every route)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['Réponse', '.'] }) });
    world = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  /** Who fuzzes a route: the académie admin on another school when it may (no harm to the other callers), else the first role allowed. */
  function fuzzCaller(method: string, url: string): { caller: Caller; scope: Scope } {
    const expectation = expectationOf(method, url);
    if (!expectation || expectation.public) return { caller: 'anonymous', scope: 'own' };
    if (expectation.allow['academie-admin']?.includes('otherSchool')) return { caller: 'academie-admin', scope: 'otherSchool' };
    for (const role of ROLES) {
      const scope = SCOPES.find((s) => expectation.allow[role]?.includes(s));
      if (scope) return { caller: role, scope };
    }
    throw new Error(`nobody may call ${method} ${url}`);
  }

  it('never answers 500 nor crashes, whatever the body, path parameters and query string', async () => {
    const failures: string[] = [];
    let requests = 0;
    const started = Date.now();
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
    for (const route of routes) {
      const { caller, scope } = fuzzCaller(route.method, route.url);
      const valid = await buildRequest(t.app, world, route, caller, scope, caller === 'anonymous' ? undefined : world.actors[caller].cookie);
      const patternParts = route.url.split('/');
      const validParts = valid.url.split('/');
      const paramIndexes = patternParts.flatMap((part, i) => (part.startsWith(':') ? [i] : []));
      const validBody = valid.payload ?? {};
      const fields = Object.keys(validBody);
      const body = fc.oneof(
        jsonish,
        fc.dictionary(nastyString, jsonish, { maxKeys: 4 }),
        fc.tuple(fc.nat(), jsonish).map(([i, value]) => (fields.length === 0 ? value : { ...validBody, [fields[i % fields.length]!]: value })),
        fc.constant(validBody),
      );
      const params = fc.array(fc.option(nastyString, { nil: undefined }), { minLength: paramIndexes.length, maxLength: paramIndexes.length });
      const query = fc.option(fc.dictionary(nastyString, fc.oneof(nastyString, fc.array(nastyString, { maxLength: 2 })), { maxKeys: 3 }), { nil: undefined });
      const rawBody = fc.option(nastyString, { nil: undefined });

      await fc.assert(
        fc.asyncProperty(body, params, query, rawBody, async (payload, fuzzedParams, fuzzedQuery, raw) => {
          const parts = [...validParts];
          paramIndexes.forEach((index, n) => {
            const value = fuzzedParams[n];
            if (value !== undefined) parts[index] = encodeParam(value);
          });
          const url = parts.join('/');
          let cookie = caller === 'anonymous' ? undefined : world.actors[caller].cookie;
          if (valid.freshSession && caller !== 'anonymous') cookie = await loginAs(t.app, world.actors[caller].login);
          const sendsBody = route.method !== 'GET' && route.method !== 'DELETE';
          const response = await t.app.inject({
            method: route.method as 'GET',
            url,
            query: (fuzzedQuery ?? valid.query) as Record<string, string> | undefined,
            // Sometimes text that is not JSON at all, under a JSON content type.
            ...(sendsBody ? (raw !== undefined ? { payload: raw, headers: { ...browserHeaders(cookie), 'content-type': 'application/json' } } : { payload: JSON.stringify(payload), headers: { ...browserHeaders(cookie), 'content-type': 'application/json' } }) : { headers: browserHeaders(cookie) }),
          });
          requests += 1;
          if (response.statusCode >= 500) {
            failures.push(`${response.statusCode} ${route.method} ${url} query=${JSON.stringify(fuzzedQuery)} body=${JSON.stringify(raw ?? payload)?.slice(0, 300)} → ${response.body.slice(0, 200)}`);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED },
      );

      // Dictionary pass: each nasty string once in each path parameter, the rest of the request valid.
      for (const index of paramIndexes) {
        for (const value of NASTY) {
          const parts = [...validParts];
          parts[index] = encodeParam(value);
          const cookie = valid.freshSession && caller !== 'anonymous' ? await loginAs(t.app, world.actors[caller].login) : caller === 'anonymous' ? undefined : world.actors[caller].cookie;
          const response = await t.app.inject({ method: route.method as 'GET', url: parts.join('/'), query: valid.query, payload: valid.payload, headers: browserHeaders(cookie) });
          requests += 1;
          if (response.statusCode >= 500) failures.push(`${response.statusCode} ${route.method} ${parts.join('/')} (dictionary) → ${response.body.slice(0, 200)}`);
        }
      }
    }
    console.info(`HTTP fuzzing: ${routes.length} routes × ${RUNS_PER_ROUTE} runs + a dictionary pass = ${requests} requests (seed ${SEED}) in ${Date.now() - started} ms`);
    expect(failures.slice(0, 20)).toEqual([]);
    // Still alive and serving.
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: browserHeaders(world.actors.pupil.cookie) })).statusCode).toBe(200);
  }, 240_000); // Bounded by count (routes × runs), not by time: the time limit only catches a hang.
});
