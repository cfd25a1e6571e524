// The whole message path (HTTP, policy, storage, SSE) on top of a pool of OpenAI-compatible servers: a server
// dying mid-answer loses neither the pupil's question nor the beginning of the answer.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../../test/databases.ts';
import { createEgressGuard } from '../../../net/egress-guard.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type TestApp } from '../../../testing/test-app.ts';
import { apiBaseUrl } from './backend-list.ts';
import { createOpenAiProvider, type OpenAiProvider } from './openai.provider.ts';
import { openStream, pause, sseChunk, startOpenAiTestServer, type OpenAiTestServer } from './testing/openai-test-server.ts';

const tokenText = (events: { event: string; data: unknown }[]) =>
  events
    .filter((e) => e.event === 'token')
    .map((e) => (e.data as { text: string }).text)
    .join('');

describe('chat through OpenAI-compatible servers', () => {
  let t: TestApp | undefined;
  let provider: OpenAiProvider | undefined;
  let server: OpenAiTestServer | undefined;
  afterEach(async () => {
    await t?.close();
    await provider?.close();
    await server?.kill();
  });

  async function setUp(options: { serverDown?: boolean } = {}): Promise<{ cookie: string; conversationId: string }> {
    server = await startOpenAiTestServer();
    if (options.serverDown) await server.kill();
    provider = createOpenAiProvider({ backends: [{ url: apiBaseUrl(server.url), maxConcurrent: 2 }], guard: createEgressGuard(), ownsGuard: true });
    await provider.ready();
    const [sqlite] = testDatabaseUrls();
    t = await createTestApp({ databaseUrl: await sqlite!.createUrl(), llm: provider });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    const cookie = await loginAs(t.app, 'alice');
    const created = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} });
    return { cookie, conversationId: created.json<{ id: string }>().id };
  }

  async function messages(cookie: string, id: string) {
    const detail = await t!.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(cookie) });
    return detail.json<{ messages: Array<{ role: string; text: string; status: string }> }>().messages.map((m) => [m.role, m.text, m.status]);
  }

  it('streams the server’s answer to the pupil and stores it', async () => {
    const { cookie, conversationId } = await setUp();
    const response = await t!.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: asUser(cookie), payload: { text: 'Bonjour' } });
    const events = parseSse(response.body);
    // Tokens may be regrouped at word boundaries by output moderation: compare the text, not the count.
    expect(events[0]?.event).toBe('stored');
    expect(events.at(-1)?.event).toBe('done');
    expect(tokenText(events)).toBe('Bonjour !');
    expect(await messages(cookie, conversationId)).toEqual([
      ['pupil', 'Bonjour', 'complete'],
      ['tutor', 'Bonjour !', 'complete'],
    ]);
  });

  it('keeps the question and the partial answer when the server dies mid-answer', async () => {
    const { cookie, conversationId } = await setUp();
    server!.onChat = async (call) => {
      openStream(call.res);
      call.res.write(sseChunk('Commence par'));
      call.res.write(sseChunk(' isoler x'));
      await pause(20);
      call.res.socket?.destroy();
    };
    const response = await t!.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: asUser(cookie), payload: { text: 'Comment résoudre 3x + 5 = 20 ?' } });
    const events = parseSse(response.body);
    expect(events[0]?.event).toBe('stored');
    expect(events.at(-1)?.event).toBe('error');
    expect(tokenText(events)).toBe('Commence par isoler x');
    expect((events.at(-1)?.data as { message: string }).message).toMatch(/question est bien enregistrée/);
    expect(await messages(cookie, conversationId)).toEqual([
      ['pupil', 'Comment résoudre 3x + 5 = 20 ?', 'complete'],
      ['tutor', 'Commence par isoler x', 'error'],
    ]);
    expect(t!.logs.join('\n')).not.toContain('isoler');
  });

  it('tells the pupil the servers do not answer, not that no model is installed, when every server is down', async () => {
    const { cookie, conversationId } = await setUp({ serverDown: true });
    const response = await t!.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: asUser(cookie), payload: { text: 'Bonjour' } });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    const body = response.json<{ code: string; message: string }>();
    expect(body.code).toBe('servers_down');
    expect(body.message).toMatch(/^Les serveurs du tuteur ne répondent pas/);
    expect(body.message).not.toMatch(/modèle de langage n’est installé|bien enregistrée/);
  });
});
