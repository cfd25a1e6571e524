// Every page, for every role that sees it, checked by axe-core (WCAG 2.0/2.1 A and AA rules, the technical
// basis of RGAA 4.1) in Chromium at desktop size and at 360 px: no serious or critical violation. The chat is
// also driven with the keyboard alone, and its streamed answer must be announced politely (aria-live).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot } from './browser.ts';
import { startBrowserSuite, type BrowserSuite } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const UAI = '0691234A';

// axe-core is injected as a script into the page under test; it is a dev dependency only.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is now and returns the serious and critical violations, readable. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // The CSP forbids inline scripts in the app, not scripts added by the test runner through the protocol.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Checks the page at both sizes, keeping a screenshot of each for people to look at. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [['bureau', DESKTOP], ['360', PHONE]] as const) {
    await page.setViewportSize(viewport);
    // Let layout and fonts settle after the resize before measuring contrast.
    await page.waitForTimeout(100);
    const violations = await seriousViolations(page);
    await screenshot(page, `a11y-${name}-${size}`);
    expect(violations, `${name} (${size}) :\n${violations.map((v) => `${v.impact} ${v.id} — ${v.help} — ${v.targets.join(' ')}`).join('\n')}`).toEqual([]);
  }
  await page.setViewportSize(DESKTOP);
}

describe('accessibility (RGAA 4.1 / WCAG 2.1 AA) of every page, in Chromium', () => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await startBrowserSuite({
      name: 'a11y',
      password: PASSWORD,
      maxTokens: 24,
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Lycée Ampère'],
        ['classes', 'add', '--school', UAI, '--name', '2nde B', '--level', '2nde'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', UAI, '--class', '2nde B', '--name', 'Léa Martin'],
        ['users', 'add', '--login', 'prof.dupont', '--role', 'teacher', '--school', UAI, '--class', '2nde B', '--name', 'M. Dupont'],
        ['users', 'add', '--login', 'cpe.durand', '--role', 'teacher', '--school', UAI, '--name', 'Mme Durand'],
        ['users', 'add', '--login', 'admin.ampere', '--role', 'school-admin', '--school', UAI, '--name', 'Mme Proviseure'],
        ['users', 'add', '--login', 'dpo.academie', '--role', 'dpo', '--school', UAI, '--name', 'M. Délégué'],
        ['settings', 'set', '--school', UAI, 'alert-staff', 'cpe.durand'],
        ['settings', 'set', '--school', UAI, 'free-questions', '2nde'],
        ['settings', 'set', '--school', UAI, 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
  }, 120_000);

  afterAll(async () => suite?.close());

  async function visit(page: Page, path: string): Promise<void> {
    await page.goto(`${suite.test.baseUrl}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
  }

  it('the login page, signed out', async () => {
    const page = await suite.anonymous();
    await page.goto(`${suite.test.baseUrl}/login`);
    await page.getByTestId('login-submit').waitFor();
    await expectAccessible(page, 'connexion');

    // The probe itself works: a field without a label and an unnamed button are reported.
    await page.evaluate(() => {
      const form = document.createElement('div');
      form.innerHTML = '<input type="text"><button type="button"></button>';
      document.querySelector('main')?.append(form);
    });
    const ids = (await seriousViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['label', 'button-name']));
  });

  it('the pupil: home, the notice, my data, and a conversation used with the keyboard alone', async () => {
    const page = await suite.as('lea.martin', { keepNotice: true });
    if ((await page.getByTestId('notice-read').count()) > 0) {
      await expectAccessible(page, 'eleve-notice-premiere-connexion');
      await page.getByTestId('notice-read').click();
      await page.getByTestId('notice').waitFor({ state: 'detached' });
    }
    await visit(page, '/');
    await expectAccessible(page, 'eleve-accueil');

    // Keyboard only: focus the new-conversation button, press Enter, type, send with Enter.
    await page.getByTestId('new-conversation').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('chat-input').waitFor();
    await page.getByTestId('chat-input').focus();
    await page.keyboard.type('Comment factoriser x² - 9 ?');
    await page.keyboard.press('Enter');
    await page.getByTestId('message-pupil').first().waitFor();
    // The answer region is announced politely while it streams.
    const live = await page.locator('[aria-live="polite"]').count();
    expect(live).toBeGreaterThan(0);
    await page.locator('[data-testid="message-tutor"][data-status="complete"]').last().waitFor({ timeout: 60_000 });
    // Focus stays visible and usable: the input can take the next question.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input');
    await expectAccessible(page, 'eleve-conversation');

    await visit(page, '/mes-donnees');
    await expectAccessible(page, 'eleve-mes-donnees');
    await visit(page, '/notice');
    await expectAccessible(page, 'eleve-notice');
  });

  it('the teacher: classes, assignments and the live séance panel', async () => {
    const page = await suite.as('prof.dupont');
    await visit(page, '/');
    await expectAccessible(page, 'professeur-accueil');
  });

  it('the designated CPE: the alerts page', async () => {
    const page = await suite.as('cpe.durand');
    await visit(page, '/alertes');
    await expectAccessible(page, 'cpe-alertes');
  });

  it('the school admin: administration and roster import', async () => {
    const page = await suite.as('admin.ampere');
    await visit(page, '/admin');
    await expectAccessible(page, 'admin');
    await visit(page, '/admin/import');
    await expectAccessible(page, 'admin-import');
  });

  it('the DPO: every GDPR page', async () => {
    const page = await suite.as('dpo.academie');
    for (const section of ['registre', 'aipd', 'notice', 'journal', 'demandes', 'reglages']) {
      await visit(page, `/rgpd/${section}`);
      await expectAccessible(page, `dpo-${section}`);
    }
  });

  it('the password reset page a pupil opens from its one-time link', async () => {
    const admin = await suite.as('admin.ampere');
    const base = suite.test.baseUrl;
    const users = (await (await admin.request.get(`${base}/api/users`)).json()) as { id: string; login: string }[];
    const pupil = users.find((u) => u.login === 'lea.martin');
    expect(pupil).toBeDefined();
    const link = await admin.request.post(`${base}/api/users/${pupil!.id}/password-reset`, { headers: { origin: base }, data: {} });
    expect(link.status()).toBe(201);
    const { path } = (await link.json()) as { path: string };
    const page = await suite.anonymous();
    await page.goto(`${base}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'reinitialisation-mot-de-passe');
  });

  it('the page for an unknown address', async () => {
    const page = await suite.as('lea.martin');
    await visit(page, '/nulle-part');
    await expectAccessible(page, 'page-introuvable');
  });
});
