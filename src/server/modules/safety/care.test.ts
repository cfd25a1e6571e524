// The help shown to a pupil in distress is kept with its message, so it is shown again after a reload:
// the same numbers, the school's contacts, no category and no score; stored encrypted.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import type { ConversationDetail } from '../../../shared/api.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';

describe.each(testDatabaseUrls())('care kept with the message on $name', ({ createUrl }) => {
  let t: TestApp;
  let pupil: string;

  beforeEach(async () => {
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['Je ', 't’écoute.'] }) });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'lea', school);
    await seedUser(t.services, 'pupil', 'noe', school);
    await t.services.settings.set('cli', school.schoolId, 'school-contacts', 'CPE : Mme Martin, bureau 12');
    pupil = await loginAs(t.app, 'lea');
  });
  afterEach(async () => t.close());

  async function conversationWith(texts: string[], cookie = pupil): Promise<string> {
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();
    for (const text of texts) {
      const response = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text } });
      expect(response.statusCode).toBe(200);
    }
    return id;
  }

  const detail = async (id: string, cookie = pupil) => (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: { cookie } })).json<ConversationDetail>();

  it('returns the help under the flagged message only, as it was shown', async () => {
    const id = await conversationWith(['Explique moi les fractions', 'jveu plus vivre, jpense a me suicider', 'et pour le devoir de maths ?']);
    const messages = (await detail(id)).messages;
    expect(messages.map((m) => (m.care ? 'care' : m.role))).toEqual(['pupil', 'tutor', 'care', 'tutor', 'pupil', 'tutor']);
    const care = messages[2]!.care!;
    expect(care.helpLines.map((line) => line.number)).toContain('3114');
    expect(care.schoolContacts).toBe('CPE : Mme Martin, bureau 12');
    expect(care.message).toContain('Merci de l’avoir écrit');
    // Nothing beyond what the pupil saw: no category, no score.
    expect(Object.keys(care).sort()).toEqual(['helpLines', 'message', 'schoolContacts']);
    expect(JSON.stringify(messages)).not.toMatch(/self_harm|categor|score/);
  });

  it('stores it encrypted, and only the pupil reads it back', async () => {
    const id = await conversationWith(['mon beau-père me frappe quand ma mère est pas là']);
    expect((await detail(id)).messages[0]?.care?.helpLines.map((line) => line.number)).toContain('119');
    const rows = (await sql<{ care_enc: string }>`select care_enc from message_care`.execute(t.database.db)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.care_enc).not.toContain('119');
    const other = await loginAs(t.app, 'noe');
    expect((await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: { cookie: other } })).statusCode).toBe(404);
  });

  it('is part of the pupil’s own export (right of access), as the numbers shown', async () => {
    const id = await conversationWith(['Explique moi les fractions', 'jveu plus vivre, jpense a me suicider']);
    const exported = (await t.app.inject({ method: 'GET', url: '/api/me/export', headers: { cookie: pupil } })).json<{
      conversations: { id: string; messages: { author: string; helpLines?: string[] }[] }[];
    }>();
    const messages = exported.conversations.find((c) => c.id === id)!.messages;
    expect(messages.map((m) => m.helpLines !== undefined)).toEqual([false, false, true, false]);
    expect(messages[2]!.helpLines).toContain('3114');
  });

  it('shows the school’s contacts as they are now', async () => {
    const id = await conversationWith(['je me fais harceler au college tous les jours, ils me traitent de sale bouffon']);
    const school = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pupil } })).json<{ school: { id: string } }>().school.id;
    await t.services.settings.set('cli', school, 'school-contacts', 'Infirmière : bureau 3');
    expect((await detail(id)).messages[0]?.care?.schoolContacts).toBe('Infirmière : bureau 3');
  });
});
