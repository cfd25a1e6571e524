// Password reset by the school's administrator in a real browser against the real server: the admin makes
// a one-time link from the accounts table, the pupil opens it, is told what the policy expects, sets a new
// password and signs in with it; the link then no longer works and the old password neither.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { signIn, startTestServer, type TestServer } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const NEW_PASSWORD = 'Vélo-rouge-du-jardin-42';
const UAI = '0691234A';

describe('one-time password reset link in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    test = await startTestServer({
      name: 'password-reset',
      password: PASSWORD,
      maxTokens: 20,
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Lycée Ampère'],
        ['classes', 'add', '--school', UAI, '--name', '2nde B', '--level', '2nde'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', UAI, '--class', '2nde B', '--name', 'Léa Martin'],
        ['users', 'add', '--login', 'proviseur', '--role', 'school-admin', '--school', UAI, '--name', 'Claire Proviseure'],
      ],
    });
    browser = await launchBrowser({ args: ['--lang=fr-FR'] });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.stop();
  });

  it('the admin makes a link, the pupil chooses a new password under the policy and signs in with it', async () => {
    const admin = await signIn(browser, test.baseUrl, 'proviseur', PASSWORD);
    contexts.push(admin.context);
    await admin.page.goto(`${test.baseUrl}/admin`);
    const row = admin.page.locator('[data-testid="admin-user-row"][data-login="lea.martin"]');
    await row.getByTestId('admin-user-reset-link').click();
    const url = (await admin.page.getByTestId('admin-reset-link').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${test.baseUrl}/reinitialisation/[A-Za-z0-9_-]{43}$`));
    expect(await admin.page.getByTestId('admin-reset-link-message').textContent()).toContain('Lien à usage unique pour « lea.martin »');

    // The pupil, in another browser, never signed in.
    const pupilContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    contexts.push(pupilContext);
    const page = await pupilContext.newPage();
    await page.goto(url);
    await page.getByTestId('reset-password').waitFor();
    expect(await page.locator('main').textContent()).toContain('« lea.martin » (Léa Martin)');

    // A password with the pupil's own name is refused with the reason, before anything is sent.
    await page.getByTestId('reset-password').fill('Lea-Martin-2026!');
    await page.getByTestId('reset-password-confirm').fill('Lea-Martin-2026!');
    await page.getByTestId('reset-submit').click();
    expect(await page.getByTestId('reset-error').textContent()).toContain('ni l’identifiant ni le nom');

    await page.getByTestId('reset-password').fill(NEW_PASSWORD);
    await page.getByTestId('reset-password-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('reset-submit').click();
    expect(await page.getByTestId('reset-done').textContent()).toContain('« lea.martin »');

    // The link served once.
    await page.goto(url);
    expect(await page.getByTestId('reset-invalid').textContent()).toContain('n’est plus valable');

    // The old password no longer opens the account; the new one does.
    const old = await fetch(`${test.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.baseUrl },
      body: JSON.stringify({ login: 'lea.martin', password: PASSWORD }),
    });
    expect(old.status).toBe(401);
    const pupil = await signIn(browser, test.baseUrl, 'lea.martin', NEW_PASSWORD);
    contexts.push(pupil.context);
    expect(await pupil.page.getByTestId('header-name').textContent()).toContain('Léa Martin');
  });
});
