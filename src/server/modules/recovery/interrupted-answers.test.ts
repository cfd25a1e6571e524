// Marking answers a crash cut off, on SQLite and PostgreSQL: only questions left last and unanswered
// before the cut-off get a marker, once, and the pupil sees it as an interrupted answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createTestApp, seedSchool, seedUser, type TestApp } from '../../testing/test-app.ts';
import { createInterruptedAnswersRepo } from './interrupted-answers.repo.ts';
import { markInterruptedAnswers } from './interrupted-answers.ts';

describe.each(testDatabaseUrls())('interrupted answers on $name', ({ createUrl }) => {
  let t: TestApp;
  let now = Date.UTC(2026, 8, 14, 17, 0);
  const clock = { now: () => now };

  beforeEach(async () => {
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['Bonne', ' piste'] }), clock });
  });
  afterEach(async () => t.close());

  async function pupil(login: string) {
    const school = await seedSchool(t.services);
    const id = await seedUser(t.services, 'pupil', login, school);
    return { id, role: 'pupil' as const, schoolId: school.schoolId, classIds: [school.classId], login };
  }

  it('marks a question left without answer, once, and leaves answered and recent ones alone', async () => {
    const cut = await pupil('eleve-coupee');
    const answered = await pupil('eleve-servie');
    const recent = await pupil('eleve-recente');
    const cutConversation = await t.services.chat.create(cut, {});
    await t.services.chat.prepareMessage(cut, cutConversation.id, 'Ma question perdue ?');
    const answeredConversation = await t.services.chat.create(answered, {});
    await t.services.chat.streamAnswer(await t.services.chat.prepareMessage(answered, answeredConversation.id, 'Ma question ?'), () => undefined);
    now += 60_000;
    const recentConversation = await t.services.chat.create(recent, {});
    await t.services.chat.prepareMessage(recent, recentConversation.id, 'Question en cours ?');

    const deps = { repo: createInterruptedAnswersRepo(t.database.db), cipher: t.services.cipher, clock };
    expect(await markInterruptedAnswers(deps, now - 30_000)).toBe(1);
    expect(await markInterruptedAnswers(deps, now - 30_000)).toBe(0);

    const shown = await t.services.chat.get(cut, cutConversation.id);
    expect(shown.messages.map((m) => `${m.role}:${m.status}:${m.text}`)).toEqual(['pupil:complete:Ma question perdue ?', 'tutor:interrupted:']);
    expect((await t.services.chat.get(answered, answeredConversation.id)).messages.map((m) => m.status)).toEqual(['complete', 'complete']);
    expect((await t.services.chat.get(recent, recentConversation.id)).messages).toHaveLength(1);
  });
});
