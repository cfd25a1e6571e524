// Graceful shutdown of the real server process (`tuteur serve`, embedded engine on a tiny model): on SIGTERM
// it stops accepting, lets a running answer finish within the grace period or stores it interrupted after it,
// closes the database and exits with code 0.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_MESSAGE } from './shutdown.ts';
import { instanceEnv, readConversation, seedPupil, TEST_PASSWORD, waitReady, writeTestModel } from './testing/fixtures.ts';
import { api, postMessage, signIn, startTuteur, type TuteurProcess } from './testing/instances.ts';

let dir: string;
let modelPath: string;
const started: TuteurProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuteur-shutdown-'));
  modelPath = await writeTestModel(dir);
});

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

async function serverWithPupil(name: string, maxTokens: number, graceMs: number) {
  const env = instanceEnv({ dataDir: join(dir, name), modelPath, maxTokens, extra: { TUTEUR_SHUTDOWN_GRACE_MS: String(graceMs) } });
  const seeded = await seedPupil(env, dir);
  const server = await startTuteur(env, { cwd: dir });
  started.push(server);
  await waitReady(server.url);
  const browser = await signIn(server.url, server.url, seeded.login, TEST_PASSWORD);
  const created = await api(server.url, 'POST', '/api/conversations', browser, {});
  expect(created.status).toBe(201);
  return { env, seeded, server, browser, conversationId: (created.body as { id: string }).id };
}

describe('graceful shutdown of tuteur serve', () => {
  it('interrupts an answer still running after the grace period, stores it interrupted and exits 0', async () => {
    const { env, seeded, server, browser, conversationId } = await serverWithPupil('interrupt', 8192, 400);
    const answer = await postMessage(server.url, browser, conversationId, 'Comment résoudre 2x + 3 = 7 ?');
    expect(answer.status).toBe(200);
    await answer.waitFor((e) => e.event === 'token', 20_000);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const { events, error } = await answer.ended;
    const exit = await server.exited;
    const stoppedAfter = Date.now() - signalledAt;

    expect(error).toBeUndefined();
    expect(events.at(-1)).toEqual({ event: 'error', data: { code: 'tutor_stopped', message: SHUTDOWN_MESSAGE } });
    expect(events.some((e) => e.event === 'done')).toBe(false);
    expect(exit).toEqual({ code: 0, signal: null });
    // The grace period was waited, not much more (the model stops within a token).
    expect(stoppedAfter).toBeGreaterThanOrEqual(400);
    expect(stoppedAfter).toBeLessThan(8000);
    expect(server.logs().some((l) => l.msg === 'shutdown: running answers interrupted after the grace period' && l.interrupted === 1)).toBe(true);

    const shown = events.filter((e) => e.event === 'token').map((e) => e.data.text as string).join('');
    const stored = await readConversation(env, dir, seeded.actor, conversationId);
    expect(stored.messages.map((m) => [m.role, m.status])).toEqual([
      ['pupil', 'complete'],
      ['tutor', 'interrupted'],
    ]);
    expect(stored.messages[0]!.text).toBe('Comment résoudre 2x + 3 = 7 ?');
    // What the pupil saw is what is kept.
    expect(stored.messages[1]!.text).toBe(shown);
    expect(shown.length).toBeGreaterThan(0);
  }, 90_000);

  it('lets an answer finish within the grace period while refusing new connections, then exits 0', async () => {
    const { env, seeded, server, browser, conversationId } = await serverWithPupil('finish', 600, 30_000);
    const answer = await postMessage(server.url, browser, conversationId, 'Qu’est-ce qu’une fraction ?');
    await answer.waitFor((e) => e.event === 'token', 20_000);

    server.child.kill('SIGTERM');
    await server.waitForLine((line) => line.includes('shutdown: no new requests'), 10_000, 'début de l’arrêt');
    // The listening socket is closed: a new pupil cannot start anything on this instance any more.
    await expect(fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();

    const { events } = await answer.ended;
    const exit = await server.exited;
    expect(events.at(-1)?.event).toBe('done');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs().some((l) => l.msg === 'shutdown: running answers finished' && l.finished === 1)).toBe(true);

    const stored = await readConversation(env, dir, seeded.actor, conversationId);
    expect(stored.messages.map((m) => [m.role, m.status])).toEqual([
      ['pupil', 'complete'],
      ['tutor', 'complete'],
    ]);
    expect(stored.messages[1]!.text).toBe(events.filter((e) => e.event === 'token').map((e) => e.data.text as string).join(''));
  }, 90_000);
});
