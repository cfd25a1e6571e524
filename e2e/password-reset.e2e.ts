// Password reset by the school's administrator in a real browser against the real server: the admin makes
// a one-time link from the accounts table, the pupil opens it, is told what the policy expects, sets a new
// password and signs in with it; the link then no longer works and the old password neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSuite, type BrowserSuite, type TestServer } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const NEW_PASSWORD = 'Vélo-rouge-du-jardin-42';
const UAI = '0691234A';

describe('one-time password reset link in Chromium', () => {
  let suite: BrowserSuite;
  let test: TestServer;

  beforeAll(async () => {
    suite = await startBrowserSuite({
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
    test = suite.test;
  }, 120_000);

  afterAll(async () => suite?.close());

  it('the admin makes a link, the pupil chooses a new password under the policy and signs in with it', async () => {
    const admin = { page: await suite.as('proviseur') };
    await admin.page.goto(`${test.baseUrl}/admin`);
    const row = admin.page.locator('[data-testid="admin-user-row"][data-login="lea.martin"]');
    await row.getByTestId('admin-user-reset-link').click();
    const url = (await admin.page.getByTestId('admin-reset-link').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${test.baseUrl}/reinitialisation/[A-Za-z0-9_-]{43}$`));
    expect(await admin.page.getByTestId('admin-reset-link-message').textContent()).toContain('Lien à usage unique pour « lea.martin »');

    // The pupil, in another browser, never signed in.
    const page = await suite.anonymous();
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
    const pupil = await suite.as('lea.martin', { password: NEW_PASSWORD });
    expect(await pupil.getByTestId('header-name').textContent()).toContain('Léa Martin');
  });
});
