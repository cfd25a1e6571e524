// The model's second opinion on the message path (TUTEUR_MODERATION_LLM), with the fake provider answering
// both the verdict (requests with a JSON schema) and the tutor's reply: asked for ambiguous messages only,
// bounded in time, and failing safe (care for a distress cue) when it does not answer.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import type { GenerateRequest } from '../llm/llm.types.ts';

const sqlite = testDatabaseUrls().find((d) => d.name === 'sqlite')!;

describe('second opinion on ambiguous messages', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  /** An app whose model gives `verdict` (after `verdictDelayMs`) to moderation requests; the verdicts asked are recorded. */
  async function start(options: { verdict: string[]; verdictDelayMs?: number; moderationTimeoutMs?: number }) {
    const asked: string[] = [];
    const base = createFakeProvider({ tokens: (request: GenerateRequest) => (request.json ? options.verdict : ['Je ', 't’écoute.']) });
    const llm: typeof base = {
      ...base,
      status: () => base.status(),
      async generate(request) {
        if (request.json) {
          asked.push(request.messages.at(-1)!.content);
          if (options.verdictDelayMs) await new Promise((resolve) => setTimeout(resolve, options.verdictDelayMs));
          if (request.signal.aborted) return { text: '', finishReason: 'aborted', tokenCount: 0 };
        }
        return base.generate(request);
      },
    };
    t = await createTestApp({ databaseUrl: await sqlite.createUrl(), llm, moderationTimeoutMs: options.moderationTimeoutMs ?? 1000 });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'lea', school);
    await seedUser(t.services, 'teacher', 'cpe.martin', school);
    await t.services.settings.set('cli', school.schoolId, 'alert-staff', 'cpe.martin');
    const pupil = await loginAs(t.app, 'lea');
    const cpe = await loginAs(t.app, 'cpe.martin');
    const send = async (text: string) => {
      const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(pupil), payload: {} })).json<{ id: string }>();
      const response = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(pupil), payload: { text } });
      return { status: response.statusCode, events: response.statusCode === 200 ? parseSse(response.body) : [] };
    };
    const alerts = async () => (await t.app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: cpe } })).json<{ categories: string[] }[]>();
    return { asked, send, alerts, schoolId: school.schoolId };
  }

  it('asks the model about an ambiguous message and follows its verdict', async () => {
    const { asked, send, alerts } = await start({ verdict: ['{"categories":["self_harm"],', '"confidence":0.9}'] });
    const { events } = await send('je veux tout arrêter');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('je veux tout arrêter');
    const care = events.find((e) => e.event === 'care')?.data as { helpLines: { number: string }[] };
    expect(care.helpLines.map((l) => l.number)).toContain('3114');
    expect(await alerts()).toMatchObject([{ categories: ['self_harm'] }]);
  });

  it('never asks about clear messages, flagged or not', async () => {
    const { asked, send, alerts } = await start({ verdict: ['{"categories":[],"confidence":1}'] });
    expect((await send('Résous 2x + 3 = 11')).events.some((e) => e.event === 'care')).toBe(false);
    expect((await send('jveu mourir')).events.some((e) => e.event === 'care')).toBe(true);
    expect(asked).toEqual([]);
    expect(await alerts()).toHaveLength(1);
  });

  it('lets a confident "nothing" clear an ambiguous cue', async () => {
    const { asked, send, alerts } = await start({ verdict: ['{"categories":[],"confidence":0.95}'] });
    const { events } = await send('je veux tout arrêter');
    expect(asked).toHaveLength(1);
    expect(events.some((e) => e.event === 'care')).toBe(false);
    expect(await alerts()).toEqual([]);
  });

  it('falls back within the timeout, with care and no alert for a distress cue', async () => {
    const { asked, send, alerts } = await start({ verdict: ['{"categories":[],"confidence":1}'], verdictDelayMs: 2000, moderationTimeoutMs: 100 });
    const started = performance.now();
    // A cue both fast layers only doubt (the learned scorer flags "je veux tout arrêter" outright).
    const { events } = await send('c’est mon dernier message');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(asked).toHaveLength(1);
    expect(events.find((e) => e.event === 'care')).toBeDefined();
    expect(await alerts()).toEqual([]);
  });

  it('is not asked for a school that turned it off, whose pupils get the fast layers’ verdict at once', async () => {
    const { asked, send, alerts, schoolId } = await start({ verdict: ['{"categories":["self_harm"],"confidence":0.9}'] });
    await t.services.settings.set('cli', schoolId, 'second-opinion', 'non');
    // The learned scorer flags this one: without the model, care for the pupil and no alert on an unconfirmed signal.
    const { events } = await send('je veux tout arrêter');
    expect(asked).toEqual([]);
    expect(events.find((e) => e.event === 'care')).toBeDefined();
    expect(await alerts()).toEqual([]);
    await t.services.settings.set('cli', schoolId, 'second-opinion', 'oui');
    await send('je veux tout arrêter');
    expect(asked).toHaveLength(1);
    expect(await alerts()).toMatchObject([{ categories: ['self_harm'] }]);
  });

  it('falls back when the answer is not a valid verdict', async () => {
    const { send } = await start({ verdict: ['peut-être'] });
    expect((await send('je veux tout arrêter')).events.some((e) => e.event === 'care')).toBe(true);
  });
});
