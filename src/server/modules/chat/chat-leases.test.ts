// Two Tuteur instances on one database (SQLite file or PostgreSQL), as an académie runs them: a pupil has one
// running answer across both, a dead instance's lease lapses, a stop asked on one instance reaches the
// answer the other runs, and a question refused over quota leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { keyringFromKey } from '../../crypto/keyring.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createTutoringRepo } from '../tutoring/tutoring.repo.ts';
import { createChatRepo, LeaseTakenError } from './chat.repo.ts';

const IN_PROGRESS = 'Attends la fin de la réponse en cours avant d’envoyer un autre message.';
const TOKENS = Array.from({ length: 30 }, (_, i) => `mot${i} `);

describe.each(testDatabaseUrls())('answer leases across two instances on $name', ({ createUrl }) => {
  let a: TestApp;
  let b: TestApp;
  let now: number;
  let school: SeededSchool;
  let pupilId: string;
  let cookie: string;

  beforeEach(async () => {
    const databaseUrl = await createUrl();
    const keyring = keyringFromKey(randomBytes(32));
    now = Date.now();
    const clock = { now: () => now };
    // A slow model on A keeps an answer running long enough to act during it (30 tokens, 40 ms apart).
    a = await createTestApp({ databaseUrl, keyring, clock, llm: createFakeProvider({ tokens: TOKENS, delayMs: 40 }) });
    b = await createTestApp({ databaseUrl, keyring, clock, llm: createFakeProvider({ tokens: ['Oui', '.'] }) });
    school = await seedSchool(a.services);
    pupilId = await seedUser(a.services, 'pupil', 'lea', school);
    cookie = await loginAs(a.app, 'lea');
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  const newConversation = async (app: TestApp) =>
    (await app.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>().id;
  const ask = (app: TestApp, conversationId: string, text: string) =>
    app.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: asUser(cookie), payload: { text } });
  const lease = () => createChatRepo(a.database.db).findLease(pupilId);

  async function untilLeased(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await lease())) {
      if (Date.now() > deadline) throw new Error('the answer never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('refuses a second question on the other instance while the first answer streams, then accepts it', async () => {
    const first = ask(a, await newConversation(a), 'Première question');
    await untilLeased();
    const refused = await ask(b, await newConversation(b), 'Deuxième question');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: 'answer_in_progress', message: IN_PROGRESS });

    const events = parseSse((await first).body);
    expect(events.at(-1)?.event).toBe('done');
    // The lease is gone before the answer's response ends: the next question is taken at once, here on B.
    expect(await lease()).toBeUndefined();
    const conversation = await newConversation(b);
    const accepted = await ask(b, conversation, 'Deuxième question');
    expect(parseSse(accepted.body).at(-1)?.event).toBe('done');
    // The refused question was not stored: only the accepted one and its answer.
    const detail = await b.app.inject({ method: 'GET', url: `/api/conversations/${conversation}`, headers: asUser(cookie) });
    expect(detail.json<{ messages: { role: string }[] }>().messages.map((m) => m.role)).toEqual(['pupil', 'tutor']);
  });

  it('lets the lease of a dead instance lapse: refused until it expires, then served', async () => {
    const conversation = await newConversation(b);
    // An instance on another server took the lease, then died without releasing it.
    await a.database.db
      .insertInto('chat_leases')
      .values({ pupil_id: pupilId, instance_id: 'autre-serveur:4242:deadbeef', class_id: school.classId, assignment_id: null, stop_reason: null, started_at: now, expires_at: now + 10_000 })
      .execute();
    now += 9_000;
    expect((await ask(b, conversation, 'Tu es là ?')).statusCode).toBe(409);
    now += 1_000;
    const served = await ask(b, conversation, 'Tu es là ?');
    expect(parseSse(served.body).at(-1)?.event).toBe('done');
    expect(await lease()).toBeUndefined();
  });

  it('takes over at once the lease of a process of this machine that no longer runs', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await a.database.db
      .insertInto('chat_leases')
      .values({ pupil_id: pupilId, instance_id: `${hostname()}:${dead}:cafe1234`, class_id: school.classId, assignment_id: null, stop_reason: null, started_at: now, expires_at: now + 10_000 })
      .execute();
    const served = await ask(b, await newConversation(b), 'Tu es là ?');
    expect(parseSse(served.body).at(-1)?.event).toBe('done');
  });

  it('stops an answer running on one instance when the tutor is switched off on the other', async () => {
    const running = ask(a, await newConversation(a), 'Une longue réponse');
    await untilLeased();
    // The class's teacher, signed in on B.
    await seedUser(b.services, 'teacher', 'prof', school);
    const teacher = await loginAs(b.app, 'prof');
    const off = await b.app.inject({ method: 'POST', url: `/api/classes/${school.classId}/tutor`, headers: asUser(teacher), payload: { enabled: false } });
    expect(off.statusCode).toBeLessThan(300);
    const events = parseSse((await running).body);
    expect(events.at(-1)).toEqual({ event: 'error', data: { code: 'tutor_stopped', message: 'Ton professeur a mis le tuteur en pause pour ta classe.' } });
    // Stopped well before the 30 tokens (1.2 s) were all written.
    expect(events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text).join('')).not.toContain('mot29');
    expect(await lease()).toBeUndefined();
  });

  it('rolls back a question refused where it is counted: nothing stored, no lease, count unchanged', async () => {
    const conversation = await newConversation(a);
    expect(parseSse((await ask(a, conversation, 'Bonjour')).body).at(-1)?.event).toBe('done');
    const repo = createChatRepo(a.database.db);
    const usage = () => a.database.db.selectFrom('pupil_usage').selectAll().where('pupil_id', '=', pupilId).executeTakeFirstOrThrow();
    const before = await usage();
    expect(before).toMatchObject({ day_count: 1, week_count: 1 });
    const windows = { dayStart: before.day_start, weekStart: before.week_start };
    const attempt = repo.appendPupilMessage({
      lease: { pupil_id: pupilId, instance_id: 'x:1:y', class_id: school.classId, assignment_id: null, started_at: now, expires_at: now + 10_000 },
      message: { id: crypto.randomUUID(), conversation_id: conversation, author: 'pupil', content_enc: 'v1:AAAA', status: 'complete', created_at: now, sources_enc: null },
      conversationUpdate: { updated_at: now },
      windows,
      accept: (counts) => {
        expect(counts).toEqual({ day: 2, week: 2 });
        throw new Error('over quota');
      },
    });
    await expect(attempt).rejects.toThrow('over quota');
    expect(await usage()).toMatchObject({ day_count: 1, week_count: 1 });
    expect(await lease()).toBeUndefined();
    expect(await createTutoringRepo(a.database.db).pupilMessagesSince(pupilId, 0)).toBe(1);

    // And a lease held elsewhere refuses before anything is written.
    await a.database.db
      .insertInto('chat_leases')
      .values({ pupil_id: pupilId, instance_id: 'autre:1:z', class_id: null, assignment_id: null, stop_reason: null, started_at: now, expires_at: now + 10_000 })
      .execute();
    await expect(
      repo.appendPupilMessage({
        lease: { pupil_id: pupilId, instance_id: 'x:1:y', class_id: null, assignment_id: null, started_at: now, expires_at: now + 10_000 },
        message: { id: crypto.randomUUID(), conversation_id: conversation, author: 'pupil', content_enc: 'v1:AAAA', status: 'complete', created_at: now, sources_enc: null },
        conversationUpdate: { updated_at: now },
        windows,
        accept: () => undefined,
      }),
    ).rejects.toBeInstanceOf(LeaseTakenError);
    expect(await usage()).toMatchObject({ day_count: 1 });
  });
});
