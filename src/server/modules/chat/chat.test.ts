// The chat API end to end through HTTP, on SQLite and PostgreSQL: ownership, storage before generation,
// streaming, interruption, encryption at rest.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, TEST_ORIGIN, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createLlmProvider } from '../llm/index.ts';

const SECRET_QUESTION = 'Comment résoudre 3x + 5 = 20 ? mon secret zorglub';

describe.each(testDatabaseUrls())('chat on $name', ({ createUrl }) => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['Bonne ', 'question ', ': ', '$x$', ' ?'] }) });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    await seedUser(t.services, 'pupil', 'bob', school);
    alice = await loginAs(t.app, 'alice');
    bob = await loginAs(t.app, 'bob');
  });
  afterEach(async () => t.close());

  async function newConversation(cookie: string): Promise<string> {
    const response = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: { subject: 'mathematiques' } });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  it('streams an answer, stores both messages and finds them again', async () => {
    const id = await newConversation(alice);
    const response = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(alice), payload: { text: SECRET_QUESTION } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const events = parseSse(response.body);
    expect(events[0]?.event).toBe('stored');
    const tokens = events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text);
    expect(tokens.join('')).toBe('Bonne question : $x$ ?');
    const done = events.at(-1);
    expect(done?.event).toBe('done');

    const detail = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(alice) });
    const body = detail.json<{ title: string; messages: { id: string; role: string; text: string; status: string }[] }>();
    expect(body.messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['pupil', SECRET_QUESTION, 'complete'],
      ['tutor', 'Bonne question : $x$ ?', 'complete'],
    ]);
    expect(body.messages[1]?.id).toBe((done?.data as { messageId: string }).messageId);
    expect(body.title).toBe(SECRET_QUESTION.slice(0, 80));

    const list = await t.app.inject({ method: 'GET', url: '/api/conversations', headers: asUser(alice) });
    expect(list.json<{ id: string }[]>().map((c) => c.id)).toEqual([id]);
  });

  it('never stores pupil text in clear', async () => {
    const id = await newConversation(alice);
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(alice), payload: { text: SECRET_QUESTION } });
    const rows = await sql<Record<string, unknown>>`select * from messages`.execute(t.database.db);
    const conversations = await sql<Record<string, unknown>>`select * from conversations`.execute(t.database.db);
    const dump = JSON.stringify([rows.rows, conversations.rows]);
    expect(rows.rows.length).toBe(2);
    expect(dump).not.toContain('zorglub');
    expect(dump).not.toContain('Bonne question');
  });

  it('hides a pupil’s conversation from another pupil (404, read and write)', async () => {
    const id = await newConversation(alice);
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(alice), payload: { text: SECRET_QUESTION } });
    const read = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(bob) });
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('zorglub');
    const write = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(bob), payload: { text: 'coucou' } });
    expect(write.statusCode).toBe(404);
    const list = await t.app.inject({ method: 'GET', url: '/api/conversations', headers: asUser(bob) });
    expect(list.json()).toEqual([]);
  });

  it('refuses unknown fields and empty text with a French message', async () => {
    const id = await newConversation(alice);
    const extra = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(alice), payload: { text: 'a', role: 'system' } });
    expect(extra.statusCode).toBe(400);
    const empty = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(alice), payload: { text: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ message: string }>().message).toBe('Ce champ est obligatoire.');
    const badId = await t.app.inject({ method: 'GET', url: '/api/conversations/not-a-uuid', headers: asUser(alice) });
    expect(badId.statusCode).toBe(400);
  });
});

describe('chat behaviour around the model', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('answers 503 with a French message and stores nothing when no model is configured', async () => {
    const [sqlite] = testDatabaseUrls();
    t = await createTestApp({ databaseUrl: await sqlite!.createUrl(), llm: createLlmProvider({ modelPath: undefined, threads: 1 }, console) });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    const cookie = await loginAs(t.app, 'alice');
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();
    const response = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text: 'Bonjour' } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'no_model' });
    expect(response.json<{ message: string }>().message).toMatch(/aucun modèle/);
    const count = await sql<{ n: number }>`select count(*) as n from messages`.execute(t.database.db);
    expect(Number(count.rows[0]?.n)).toBe(0);
  });

  it('stores the partial answer marked interrupted when the pupil disconnects', async () => {
    const [sqlite] = testDatabaseUrls();
    const tokens = Array.from({ length: 200 }, (_, i) => `mot${i} `);
    t = await createTestApp({ databaseUrl: await sqlite!.createUrl(), llm: createFakeProvider({ tokens, delayMs: 10 }), maxTokens: 500 });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    const cookie = await loginAs(t.app, 'alice');
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `/api/conversations/${id}/messages`, headers: { cookie, origin: TEST_ORIGIN, 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
            if ((body.match(/event: token/g) ?? []).length >= 5) {
              req.destroy();
              resolve(body);
            }
          });
        },
      );
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end(JSON.stringify({ text: 'Explique-moi les fractions' }));
    });
    expect(received).toContain('event: stored');

    // The server notices the closed socket, stops the model and stores what was written so far.
    let messages: { role: string; status: string; text: string }[] = [];
    for (let i = 0; i < 100; i += 1) {
      const detail = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(cookie) });
      messages = detail.json<{ messages: typeof messages }>().messages;
      if (messages.length === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(messages[0]).toMatchObject({ role: 'pupil', text: 'Explique-moi les fractions', status: 'complete' });
    expect(messages[1]?.status).toBe('interrupted');
    expect(messages[1]?.text.startsWith('mot0 mot1 mot2 mot3 mot4')).toBe(true);
    expect(messages[1]?.text.length).toBeLessThan(tokens.join('').length);
  });

  it('gives the model only the latest messages of a long conversation, ending with the new question', async () => {
    const [sqlite] = testDatabaseUrls();
    const seen: number[] = [];
    let last = '';
    t = await createTestApp({
      databaseUrl: await sqlite!.createUrl(),
      llm: createFakeProvider({
        tokens: (request) => {
          seen.push(request.messages.length);
          last = request.messages.at(-1)?.content ?? '';
          return ['ok'];
        },
      }),
    });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    const cookie = await loginAs(t.app, 'alice');
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();
    for (let i = 0; i < 25; i += 1) {
      await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text: `question ${i}` } });
    }
    // System prompt + at most 40 messages, however long the conversation (50 messages stored here).
    expect(seen.at(-1)).toBe(41);
    expect(Math.max(...seen)).toBe(41);
    expect(last).toContain('question 24');
    const stored = (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(cookie) })).json<{ messages: unknown[] }>();
    expect(stored.messages).toHaveLength(50);
  });

  it('allows one answer at a time per pupil and says the queue position to the others', async () => {
    const [sqlite] = testDatabaseUrls();
    t = await createTestApp({ databaseUrl: await sqlite!.createUrl(), llm: createFakeProvider({ tokens: ['a ', 'b ', 'c '], delayMs: 30, parallel: 1 }) });
    const school = await seedSchool(t.services);
    const cookies: string[] = [];
    const ids: string[] = [];
    for (const login of ['p1', 'p2', 'p3']) {
      await seedUser(t.services, 'pupil', login, school);
      const cookie = await loginAs(t.app, login);
      cookies.push(cookie);
      ids.push((await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>().id);
    }
    const responses = await Promise.all(
      cookies.map((cookie, i) => t!.app.inject({ method: 'POST', url: `/api/conversations/${ids[i]}/messages`, headers: asUser(cookie), payload: { text: 'Question' } })),
    );
    const queued = responses.map((r) => parseSse(r.body).filter((e) => e.event === 'queued').map((e) => (e.data as { position: number }).position));
    expect(queued[0]).toEqual([]);
    expect(queued[1]).toEqual([1]);
    expect(queued[2]).toEqual([2, 1]);
    for (const r of responses) expect(parseSse(r.body).at(-1)?.event).toBe('done');

    const slow = t.app.inject({ method: 'POST', url: `/api/conversations/${ids[0]}/messages`, headers: asUser(cookies[0]!), payload: { text: 'Encore' } });
    await new Promise((r) => setTimeout(r, 10));
    const second = await t.app.inject({ method: 'POST', url: `/api/conversations/${ids[0]}/messages`, headers: asUser(cookies[0]!), payload: { text: 'Et encore' } });
    expect(second.statusCode).toBe(409);
    await slow;
  });
});
