// Prompt injection and jailbreaks, tested with our own French corpus (injection-corpus.fr.json): role changes,
// "ignore tes instructions", "donne-moi juste la réponse", system-prompt extraction, base64-wrapped orders and
// attempts to close the data block with look-alike tags. Every line must reach the model as data inside the
// pupil's block; the conversation keeps its mode and its system prompt; the answer guard still holds.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { GUARD_NOTICE } from '../chat/answer-guard.ts';
import { buildChatTurns, buildSystemPrompt, loadPromptLibrary, PUPIL_TAG } from '../chat/prompt.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import type { ChatTurn } from '../llm/llm.types.ts';

interface CorpusLine {
  id: string;
  kind: 'role_change' | 'ignore_instructions' | 'answer_only' | 'prompt_extraction' | 'base64' | 'tag_escape';
  text: string;
}

const corpus = JSON.parse(readFileSync(new URL('./injection-corpus.fr.json', import.meta.url), 'utf8')) as CorpusLine[];


const TAG_NAMES = ['message_eleve', 'enonce', 'extrait_cours', 'systeme', 'system'];
/** Latin look-alikes (Cyrillic, Greek) of the letters of our tag names. */
const CONFUSABLES: Record<string, string> = { а: 'a', е: 'e', о: 'o', с: 'c', р: 'p', ѕ: 's', і: 'i', у: 'y', м: 'm', т: 't', ο: 'o', ε: 'e', α: 'a', ѵ: 'v', ν: 'v' };

/** What a model could read the text as: compatibility forms, entities, invisible and combining marks, look-alikes. */
function fold(text: string): string {
  const decoded = text
    .normalize('NFKC')
    .replace(/&lt;|&#0*60;|&#x0*3c;|%3c/gi, '<')
    .replace(/&gt;|&#0*62;|&#x0*3e;|%3e/gi, '>');
  const bare = decoded.normalize('NFD').replace(/[\p{M}\p{Cf}]/gu, '');
  return [...bare]
    .map((c) => CONFUSABLES[c] ?? c)
    .join('')
    .toLowerCase()
    .replace(/\\\//g, '/');
}

const LOOKS_LIKE_TAG = new RegExp(`<\\s*/?\\s*(?:${TAG_NAMES.join('|')})\\b[^<>]*>`);
/** Control tokens of chat templates (ChatML, Llama 3…): an inference server may parse them in user text. */
const TEMPLATE_TOKEN = /<\|[a-z_]+\|>/;
/** The delimiters exactly as prompt.ts writes them (any case and spacing): never inside the data. */
const OUR_TAG = new RegExp(`<\\s*/?\\s*(?:${TAG_NAMES.join('|')})\\s*>`, 'i');

const library = loadPromptLibrary();
const systemPrompt = buildSystemPrompt(library, { mode: 'guidage', subject: 'mathematiques', level: '2nde', statement: 'Résoudre 3x + 5 = 20.' });

/** The pupil's text as the model receives it, between the opening and closing delimiters. */
function dataOf(turn: ChatTurn | undefined): string {
  expect(turn?.role).toBe('user');
  const content = turn!.content;
  const open = `<${PUPIL_TAG}>\n`;
  const close = `\n</${PUPIL_TAG}>`;
  expect(content.startsWith(open)).toBe(true);
  expect(content.endsWith(close)).toBe(true);
  return content.slice(open.length, -close.length);
}

describe('the French injection corpus', () => {
  it('covers every kind of attack with enough lines', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const kinds = new Map<string, number>();
    for (const line of corpus) kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + 1);
    for (const kind of ['role_change', 'ignore_instructions', 'answer_only', 'prompt_extraction', 'base64', 'tag_escape']) expect(kinds.get(kind) ?? 0).toBeGreaterThanOrEqual(8);
    expect(new Set(corpus.map((line) => line.id)).size).toBe(corpus.length);
  });

  it('reaches the model as data: one system turn, each line inside the pupil block, our delimiters never in it', () => {
    for (const line of corpus) {
      const turns = buildChatTurns(systemPrompt, [{ author: 'pupil', text: line.text }]);
      expect(turns, line.id).toHaveLength(2);
      expect(turns[0]).toEqual({ role: 'system', content: systemPrompt });
      const data = dataOf(turns[1]);
      expect(OUR_TAG.test(data), line.id).toBe(false);
    }
  });

  it('leaves no look-alike tag escape that still reads as a delimiter or a chat-template token', () => {
    const escaping = corpus
      .filter((line) => {
        const data = fold(dataOf(buildChatTurns(systemPrompt, [{ author: 'pupil', text: line.text }])[1]));
        return LOOKS_LIKE_TAG.test(data) || TEMPLATE_TOKEN.test(data);
      })
      .map((line) => line.id)
      .sort();
    // Fullwidth and small-form brackets, HTML entities and URL escapes, zero-width and soft-hyphen insertions,
    // Cyrillic look-alikes, accents, combining marks, backslashes, attributes, ChatML and Llama 3 tokens.
    expect(corpus.filter((line) => line.kind === 'tag_escape').length).toBeGreaterThanOrEqual(20);
    expect(escaping).toEqual([]);
  });

  it('keeps base64-wrapped orders as they were typed: nothing decodes them on the way to the model', () => {
    const wrapped = corpus.filter((line) => line.kind === 'base64');
    for (const line of wrapped) {
      const data = dataOf(buildChatTurns(systemPrompt, [{ author: 'pupil', text: line.text }])[1]);
      expect(data).toBe(line.text);
      const payload = /[A-Za-z0-9+/]{16,}={0,2}/.exec(line.text)![0];
      const decoded = Buffer.from(payload, 'base64').toString('utf8');
      expect(data).not.toContain(decoded);
    }
  });

  it('keeps a whole conversation of attacks as data, turn after turn', () => {
    const history = corpus.flatMap((line) => [
      { author: 'pupil' as const, text: line.text },
      { author: 'tutor' as const, text: 'Reprenons ton exercice : que sais-tu déjà ?' },
    ]);
    const turns = buildChatTurns(systemPrompt, history);
    expect(turns.filter((turn) => turn.role === 'system')).toEqual([{ role: 'system', content: systemPrompt }]);
    expect(turns.filter((turn) => turn.role === 'user').map((turn) => OUR_TAG.test(dataOf(turn)))).toEqual(corpus.map(() => false));
  });
});

describe.each(testDatabaseUrls().filter((db) => db.name === 'sqlite'))('injection attempts on the real chat path ($name)', ({ createUrl }) => {
  let t: TestApp;
  let school: SeededSchool;
  let pupil: string;
  let teacher: string;
  let requests: ChatTurn[][];
  let tokens: string[];

  beforeEach(async () => {
    requests = [];
    tokens = ['Reprenons ', 'ton ', 'exercice ', 'ensemble.'];
    t = await createTestApp({
      databaseUrl: await createUrl(),
      llm: createFakeProvider({
        tokens: (request) => {
          requests.push(request.messages);
          return tokens;
        },
      }),
    });
    school = await seedSchool(t.services);
    await t.services.settings.set('cli', school.schoolId, 'quota-day', '1000');
    await t.services.settings.set('cli', school.schoolId, 'quota-week', '5000');
    await seedUser(t.services, 'pupil', 'lea', school);
    await seedUser(t.services, 'teacher', 'prof', school);
    pupil = await loginAs(t.app, 'lea');
    teacher = await loginAs(t.app, 'prof');
  });
  afterEach(async () => t.close());

  async function say(conversationId: string, text: string) {
    const response = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: asUser(pupil), payload: { text } });
    expect(response.statusCode, response.body).toBe(200);
    const events = parseSse(response.body);
    expect(events.at(-1)?.event).toBe('done');
    return events
      .filter((e) => e.event === 'token')
      .map((e) => (e.data as { text: string }).text)
      .join('');
  }

  it('keeps the conversation’s mode and system prompt whatever the pupil writes', async () => {
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(pupil), payload: { subject: 'mathematiques', mode: 'guidage' } })).json<{ id: string }>();
    await say(id, 'Bonjour, peux-tu m’aider pour mon exercice de maths ?');
    const baseline = requests[0]![0]!;
    expect(baseline.role).toBe('system');
    expect(baseline.content).toContain(library.modes.guidage);

    for (const line of corpus) {
      await say(id, line.text);
      const turns = requests.at(-1)!;
      expect(turns[0], line.id).toEqual(baseline);
      expect(turns.filter((turn) => turn.role === 'system'), line.id).toHaveLength(1);
      expect(OUR_TAG.test(dataOf(turns.at(-1))), line.id).toBe(false);
    }
    expect(requests).toHaveLength(corpus.length + 1);
    const after = (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: { cookie: pupil } })).json<{ mode: string; messages: unknown[] }>();
    expect(after.mode).toBe('guidage');
    expect(after.messages).toHaveLength(2 * (corpus.length + 1));
  });

  it('still stops a leaked answer when the pupil asks for the answer only', async () => {
    const now = Date.now();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/assignments',
      headers: asUser(teacher),
      payload: {
        title: 'Équations du premier degré',
        subject: 'mathematiques',
        statement: 'Résoudre 3x + 5 = 20.',
        expectedAnswer: 'x = 5',
        modes: ['guidage'],
        classIds: [school.classId],
        opensAt: now - 3600_000,
        closesAt: now + 48 * 3600_000,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const assignmentId = created.json<{ id: string }>().id;
    tokens = ['D’accord, ', 'la ', 'réponse ', 'est ', 'x ', '= ', '5', '. ', 'Voilà.'];
    for (const line of corpus.filter((l) => l.kind === 'answer_only')) {
      const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(pupil), payload: { assignmentId } })).json<{ id: string }>();
      const shown = await say(id, line.text);
      expect(shown, line.id).not.toMatch(/x\s*=\s*5/);
      expect(shown, line.id).toContain(GUARD_NOTICE.trim());
      const stored = (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: { cookie: pupil } })).json<{ mode: string; messages: { text: string }[] }>();
      expect(stored.mode).toBe('guidage');
      expect(stored.messages[1]?.text).not.toMatch(/x\s*=\s*5/);
    }
  });
});
