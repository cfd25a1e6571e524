// GDPR in a real browser against the real server (embedded llama.cpp on a tiny GGUF, accounts made with the
// CLI): the ENT button on the login page; a pupil reads the information notice ("J'ai lu", never "J'accepte"),
// downloads its data and files a request; a teacher opens its transcript with a reason; the head of school
// sets the DPO's contacts; the DPO finds the access in the verified audit log and answers the request; the
// pupil sees who accessed its data, and the changed notice again.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atBothSizes } from './browser.ts';
import { startBrowserSuite, type BrowserSuite, type TestServer } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const UAI = '0691234A';
const QUESTION = 'Comment trouver le pH d’une solution diluée dix fois ?';
const ACCESS_REASON = 'Préparer le conseil de classe avec Léa.';
const SSO = [{ kind: 'cas', id: 'ent', label: 'ENT Auvergne-Rhône-Alpes', uais: [UAI], serverUrl: 'https://ent.example.invalid/cas' }];

describe('GDPR in Chromium: notice, export, staff access in the audit log and in "Mes données"', () => {
  let suite: BrowserSuite;
  let test: TestServer;
  let conversationId = '';

  beforeAll(async () => {
    suite = await startBrowserSuite({
      name: 'gdpr',
      password: PASSWORD,
      maxTokens: 40,
      env: { TUTEUR_SSO_PROVIDERS: JSON.stringify(SSO) },
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Lycée Ampère'],
        ['classes', 'add', '--school', UAI, '--name', '2nde B', '--level', '2nde'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', UAI, '--class', '2nde B', '--name', 'Léa Martin'],
        ['users', 'add', '--login', 'm.petit', '--role', 'teacher', '--school', UAI, '--class', '2nde B', '--name', 'Marc Petit'],
        ['users', 'add', '--login', 'dpd.roux', '--role', 'dpo', '--school', UAI, '--name', 'Hélène Roux'],
        ['users', 'add', '--login', 'proviseur', '--role', 'school-admin', '--school', UAI, '--name', 'Claire Proviseure'],
        ['settings', 'set', '--school', UAI, 'free-questions', '2nde'],
        ['settings', 'set', '--school', UAI, 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
    test = suite.test;
  }, 120_000);

  afterAll(async () => suite?.close());

  const as = (login: string, keepNotice = false): Promise<Page> => suite.as(login, { keepNotice });

  it('the login page offers the school’s ENT as a plain link, above the password form', async () => {
    const page = await suite.anonymous();
    await page.goto(`${test.baseUrl}/login?uai=${UAI}`);
    const button = page.getByTestId('sso-button');
    await button.waitFor();
    expect(await button.evaluate((element) => element.tagName)).toBe('A');
    expect(await button.getAttribute('href')).toBe('/api/auth/cas/ent/login');
    expect(await button.textContent()).toContain('Se connecter avec l’ENT');
    expect(await button.textContent()).toContain('ENT Auvergne-Rhône-Alpes');
    await page.getByTestId('login-login').waitFor();
    await atBothSizes(page, 'connexion-ent');
    // Another school's link does not offer this ENT.
    await page.goto(`${test.baseUrl}/login?uai=0751234B`);
    await page.getByTestId('login-login').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('sso-button').count()).toBe(0);
  });

  it('a pupil reads the notice ("J’ai lu"), asks a question, downloads its data and files a request', async () => {
    const pupil = await as('lea.martin', true);
    const notice = pupil.getByTestId('notice');
    await notice.waitFor();
    expect(await pupil.getByTestId('notice-read').textContent()).toBe('J’ai lu');
    expect(await pupil.locator('button').evaluateAll((buttons) => buttons.map((b) => b.textContent ?? '').filter((text) => /accept|consen/i.test(text)))).toEqual([]);
    expect(await notice.textContent()).toContain('tu n’as rien à accepter');
    await atBothSizes(pupil, 'eleve-notice');
    await pupil.getByTestId('notice-read').click();
    await notice.waitFor({ state: 'detached' });

    await pupil.getByTestId('new-conversation').click();
    await pupil.getByTestId('chat-input').fill(QUESTION);
    await pupil.getByTestId('chat-send').click();
    await pupil.locator('[data-testid="message-tutor"][data-status="complete"]').waitFor({ timeout: 60_000 });
    conversationId = new URL(pupil.url()).pathname.split('/').pop() ?? '';

    await pupil.getByTestId('nav-my-data').click();
    await pupil.getByTestId('access-log-empty').waitFor();
    const [json] = await Promise.all([pupil.waitForEvent('download'), pupil.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/^mes-donnees-tuteur-\d{4}-\d\d-\d\d\.json$/);
    const data = JSON.parse(await readFile(await json.path(), 'utf8')) as {
      format: string;
      person: { login: string };
      conversations: { messages: { author: string; text: string }[] }[];
    };
    expect(data.format).toBe('tuteur-export/v1');
    expect(data.person.login).toBe('lea.martin');
    expect(data.conversations.flatMap((c) => c.messages).find((m) => m.author === 'élève')?.text).toBe(QUESTION);
    const [pdf] = await Promise.all([pupil.waitForEvent('download'), pupil.getByTestId('export-pdf').click()]);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await pupil.getByTestId('rights-kind-rectification').check();
    await pupil.getByTestId('rights-details').fill('Mon nom de famille est mal écrit dans Tuteur.');
    await pupil.getByTestId('rights-submit').click();
    expect(await pupil.getByTestId('rights-success').textContent()).toMatch(/au plus tard le/);
    await pupil.getByTestId('my-request').waitFor();
  });

  it('a teacher opens the transcript through the API, with a reason', async () => {
    expect(conversationId).not.toBe('');
    const teacher = await as('m.petit');
    const answer = await teacher.evaluate(
      async ({ id, reasonText }) => {
        const response = await fetch(`/api/staff/conversations/${id}/transcript`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ reasonCode: 'pedagogical_follow_up', reasonText }),
        });
        return { status: response.status, body: (await response.json()) as { messages: { text: string }[] } };
      },
      { id: conversationId, reasonText: ACCESS_REASON },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.messages[0]?.text).toBe(QUESTION);
  });

  it('the head of school sets the DPO’s contacts in the GDPR settings', async () => {
    const head = await as('proviseur');
    await head.getByTestId('nav-gdpr').click();
    await head.getByTestId('gdpr-tab-reglages').click();
    await head.getByTestId('gdpr-setting-dpoName').fill('Hélène Roux');
    await head.getByTestId('gdpr-setting-dpoEmail').fill('dpd@ac-exemple.fr');
    await head.getByTestId('gdpr-setting-auditMonths').fill('3');
    await head.getByTestId('gdpr-settings-save').click();
    // The server's French message, beside the field: the CNIL's six months at least.
    await expect.poll(() => head.locator('.field-error').first().textContent()).toContain('6 mois');
    await head.getByTestId('gdpr-setting-auditMonths').fill('12');
    await head.getByTestId('gdpr-settings-save').click();
    await head.getByTestId('gdpr-settings-success').waitFor();
    await atBothSizes(head, 'direction-reglages-rgpd');
  });

  it('the DPO finds the teacher’s access, with its reason, in the verified audit log, and answers the request', async () => {
    const dpo = await as('dpd.roux');
    await dpo.getByTestId('gdpr-register').waitFor();
    await dpo.getByTestId('gdpr-tab-journal').click();
    const verify = dpo.getByTestId('audit-verify');
    await verify.waitFor();
    expect(await verify.getAttribute('data-ok')).toBe('true');
    expect(await verify.textContent()).toContain('Journal intègre');
    await dpo.getByTestId('audit-filter').selectOption('conversation.accessed');
    const row = dpo.locator('[data-testid="audit-row"][data-action="conversation.accessed"]');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('audit-actor').textContent()).toBe('Marc Petit');
    expect(await row.getByTestId('audit-reason').textContent()).toBe(`Motif : Suivi pédagogique — « ${ACCESS_REASON} »`);
    await dpo.getByTestId('audit-filter').selectOption('');
    await expect.poll(() => dpo.getByTestId('audit-row').count()).toBeGreaterThan(5);
    await atBothSizes(dpo, 'dpd-journal');

    await dpo.getByTestId('gdpr-tab-demandes').click();
    const request = dpo.getByTestId('request-item');
    await request.waitFor();
    expect(await request.textContent()).toContain('Léa Martin');
    expect(await request.textContent()).toContain('Mon nom de famille est mal écrit');
    expect(await request.getByTestId('request-due').textContent()).toMatch(/\d{4}/);
    await atBothSizes(dpo, 'dpd-demandes');
    await request.getByTestId('request-grant').check();
    await request.getByTestId('request-reason').fill('Nom corrigé dans l’annuaire de l’établissement.');
    await request.getByTestId('request-decide').click();
    await expect.poll(() => request.getAttribute('data-state')).toBe('granted');
  });

  it('the DPO reads in the AIPD how minors are protected, from the school’s settings of the moment', async () => {
    const dpo = await as('dpd.roux');
    await dpo.getByTestId('gdpr-register').waitFor();
    await dpo.getByTestId('gdpr-tab-aipd').click();
    const aipd = dpo.getByTestId('gdpr-aipd');
    await aipd.waitFor();
    const section = aipd.getByRole('heading', { name: 'Protection des mineurs' });
    await section.waitFor();
    expect(await aipd.locator('table', { hasText: 'Catégorie' }).textContent()).toContain('message d’aide à l’élève et alerte aux personnels désignés');
    expect(await aipd.textContent()).toContain('la direction seulement');
    await section.scrollIntoViewIfNeeded();
    await atBothSizes(dpo, 'dpd-aipd-mineurs');
  });

  it('the pupil is shown the changed notice again, then sees who accessed its data and why', async () => {
    const pupil = await as('lea.martin', true);
    // The DPO's name changed the notice: it is shown again, with the new contact.
    const notice = pupil.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Hélène Roux');
    await pupil.getByTestId('notice-read').click();
    await notice.waitFor({ state: 'detached' });

    await pupil.getByTestId('nav-my-data').click();
    const access = pupil.locator('[data-testid="access-entry"][data-action="conversation.accessed"]');
    await access.waitFor();
    expect(await access.getByTestId('access-who').textContent()).toBe('Marc Petit');
    expect(await access.getByTestId('access-reason').textContent()).toBe(`Raison : Suivi pédagogique — « ${ACCESS_REASON} »`);
    expect(await pupil.getByTestId('my-request').getAttribute('data-state')).toBe('granted');
    await atBothSizes(pupil, 'eleve-mes-donnees');
  });
});
