// The tutor within the national framework, in a real browser against the real server (embedded llama.cpp on
// a tiny generated GGUF, accounts made with the CLI): a teacher opens an assignment to a 2nde class and a
// pupil uses it in Guidage; a 5e pupil is refused; a 3e pupil is refused outside a séance and allowed once
// the teacher opens one.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atBothSizes } from './browser.ts';
import { startBrowserSuite, type BrowserSuite } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const UAI = '0691234A';
/** Typed by the teacher as the expected answer: it must never reach a pupil's screen. */
const HIDDEN_ANSWER = 'cinq sixièmes exactement';

describe('tutoring in Chromium: assignments, modes and the national framework', () => {
  let suite: BrowserSuite;
  let teacher: Page;

  /** A fresh browser context per person (French browser UI, as in a school), so cookies never mix. */
  const signIn = (login: string): Promise<Page> => suite.as(login);

  beforeAll(async () => {
    suite = await startBrowserSuite({
      name: 'tutoring',
      password: PASSWORD,
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Cité scolaire Ampère'],
        ['classes', 'add', '--school', UAI, '--name', '2nde B', '--level', '2nde'],
        ['classes', 'add', '--school', UAI, '--name', '3e A', '--level', '3e'],
        ['classes', 'add', '--school', UAI, '--name', '5e C', '--level', '5e'],
        ['users', 'add', '--login', 'm.petit', '--role', 'teacher', '--school', UAI, '--class', '2nde B', '--class', '3e A', '--name', 'Marc Petit'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', UAI, '--class', '2nde B', '--name', 'Léa Martin'],
        ['users', 'add', '--login', 'ines.roche', '--role', 'pupil', '--school', UAI, '--class', '3e A', '--name', 'Inès Roche'],
        ['users', 'add', '--login', 'hugo.bernard', '--role', 'pupil', '--school', UAI, '--class', '5e C', '--name', 'Hugo Bernard'],
        ['users', 'add', '--login', 'proviseur', '--role', 'school-admin', '--school', UAI, '--name', 'Claire Proviseure'],
        // Open at every hour, so that the test passes whenever it runs; the other rules keep their defaults.
        ['settings', 'set', '--school', UAI, 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
    teacher = await signIn('m.petit');
  }, 120_000);

  afterAll(async () => suite?.close());


  async function createAssignment(page: Page, title: string, className: string, capture?: string): Promise<void> {
    await page.getByTestId('assignment-new').click();
    const form = page.getByTestId('assignment-form');
    await form.getByTestId('af-title').fill(title);
    await form.getByTestId('af-subject').selectOption('mathematiques');
    await form.getByTestId('af-statement').fill('Calcule $\\frac{1}{2} + \\frac{1}{3}$ et donne le résultat sous forme de fraction irréductible.');
    await form.getByTestId('af-expected').fill(HIDDEN_ANSWER);
    await form.getByTestId('af-mode-verification').check();
    await form.locator(`[data-testid="af-class"][data-class-name="${className}"]`).check();
    if (capture) await atBothSizes(page, capture);
    await form.getByTestId('af-submit').click();
    await page.getByTestId('assignment-notice').waitFor();
  }

  /** Sends the typed question and waits for the complete answer, recording the states it streamed through. */
  async function askAndWaitForAnswer(page: Page): Promise<{ text: string; states: number }> {
    await page.evaluate(() => {
      const w = window as unknown as { __states: string[] };
      w.__states = [];
      new MutationObserver(() => {
        const answers = document.querySelectorAll('[data-testid="message-tutor"]');
        const last = answers[answers.length - 1];
        if (last) w.__states.push(last.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('chat-send').click();
    const answer = page.locator('[data-testid="message-tutor"][data-status="complete"]').last();
    await answer.waitFor({ timeout: 60_000 });
    const states = await page.evaluate(() => new Set((window as unknown as { __states: string[] }).__states.filter(Boolean)).size);
    return { text: (await answer.textContent()) ?? '', states };
  }

  it('a teacher opens an assignment to 2nde B; a 2nde pupil sees it and gets a streamed answer in Guidage', async () => {
    await createAssignment(teacher, 'Somme de fractions', '2nde B', 'enseignant-formulaire');
    const item = teacher.getByTestId('teacher-assignment').filter({ hasText: 'Somme de fractions' });
    expect(await item.getByTestId('assignment-phase').textContent()).toBe('Ouvert');
    expect(await item.getByTestId('assignment-tutor-switch').getAttribute('aria-checked')).toBe('true');
    expect(await item.getByTestId('usage-messages').textContent()).toBe('0');

    const pupil = await signIn('lea.martin');
    const card = pupil.getByTestId('assignment-card').filter({ hasText: 'Somme de fractions' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Mathématiques');
    expect(await card.getByTestId('assignment-due').textContent()).toMatch(/^Ouvert au tuteur jusqu’au /);
    // Only the modes the teacher allowed, and never the expected answer.
    expect(await card.locator('input[type="radio"]').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual(['guidage', 'verification']);
    expect(await pupil.locator('body').textContent()).not.toContain(HIDDEN_ANSWER);
    expect(await pupil.getByTestId('tutor-quota').textContent()).toBe('Il te reste 40 messages aujourd’hui');
    expect(await pupil.getByTestId('new-conversation').count()).toBe(0);
    await pupil.getByTestId('ai-notice').waitFor();
    await atBothSizes(pupil, 'eleve-accueil');

    await card.getByTestId('assignment-mode-guidage').check();
    await card.getByTestId('assignment-start').click();
    await pupil.getByTestId('chat-input').waitFor();
    await pupil.getByTestId('chat-assignment-title').waitFor();
    expect(await pupil.getByTestId('chat-assignment-title').textContent()).toBe('Somme de fractions');
    expect(await pupil.getByTestId('chat-mode').textContent()).toBe('Mode : Guidage');
    await pupil.getByTestId('chat-input').fill('Je ne sais pas par où commencer pour additionner ces fractions.');
    const { text, states } = await askAndWaitForAnswer(pupil);
    expect(text.length).toBeGreaterThan(0);
    expect(states).toBeGreaterThanOrEqual(3);
    expect(await pupil.getByTestId('ai-notice').isVisible()).toBe(true);
    await expect.poll(() => pupil.getByTestId('tutor-quota').textContent()).toBe('Il te reste 39 messages aujourd’hui');
    await atBothSizes(pupil, 'eleve-devoir-guidage');

    // The teacher sees counts, not the conversation.
    await teacher.reload();
    const refreshed = teacher.getByTestId('teacher-assignment').filter({ hasText: 'Somme de fractions' });
    await expect.poll(() => refreshed.getByTestId('usage-messages').textContent()).toBe('1');
    expect(await refreshed.getByTestId('usage-pupils').textContent()).toBe('1');
    expect(await teacher.locator('body').textContent()).not.toContain('par où commencer');
    await atBothSizes(teacher, 'enseignant-devoirs');
  });

  it('a 5e pupil is told in French why the tutor is not for it', async () => {
    const pupil = await signIn('hugo.bernard');
    const refusal = pupil.getByTestId('tutor-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('level_not_allowed');
    expect(await refusal.textContent()).toContain('En 5e, le tuteur ne s’utilise pas seul');
    expect(await pupil.getByTestId('assignments-empty').count()).toBe(1);
    await atBothSizes(pupil, 'eleve-5e-refus');
  });

  it('a 3e pupil is refused outside a séance, then allowed once the teacher opens one', async () => {
    await createAssignment(teacher, 'Fractions en 3e', '3e A');

    const pupil = await signIn('ines.roche');
    const card = pupil.getByTestId('assignment-card').filter({ hasText: 'Fractions en 3e' });
    await card.getByTestId('assignment-start').click();
    await pupil.getByTestId('chat-input').fill('Comment mettre au même dénominateur ?');
    await pupil.getByTestId('chat-send').click();
    const refusal = pupil.getByTestId('chat-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('live_session_required');
    expect(await refusal.textContent()).toContain('pendant une séance ouverte par ton professeur');
    // Nothing was stored: the question is back in the input.
    expect(await pupil.getByTestId('chat-input').inputValue()).toBe('Comment mettre au même dénominateur ?');
    expect(await pupil.getByTestId('message-pupil').count()).toBe(0);
    await atBothSizes(pupil, 'eleve-3e-refus-hors-seance');

    const panel = teacher.locator('[data-testid="teacher-class"][data-class-name="3e A"]');
    await panel.getByTestId('live-duration').fill('30');
    await panel.getByTestId('live-start').click();
    await panel.locator('[data-testid="live-status"][data-state="running"]').waitFor();

    const { text } = await askAndWaitForAnswer(pupil);
    expect(text.length).toBeGreaterThan(0);
    await expect.poll(() => pupil.getByTestId('tutor-live').textContent()).toMatch(/^Séance en cours jusqu’à \d\d:\d\d$/);

    // The teacher's live view polls: the pupil appears as active without a reload.
    await panel.getByTestId('live-pupil').filter({ hasText: 'Inès Roche' }).waitFor({ timeout: 20_000 });
    await atBothSizes(teacher, 'enseignant-seance');
    await panel.getByTestId('live-end').click();
    await panel.locator('[data-testid="live-status"][data-state="none"]').waitFor();
  });

  it('the school administrator sees the settings, the opening hours set by the CLI among them', async () => {
    const admin = await signIn('proviseur');
    const row = admin.locator('[data-testid="setting-row"][data-key="opening-hours"]');
    await row.waitFor();
    expect(await row.getByTestId('setting-value').textContent()).toBe('lun-dim 00:00-24:00');
    expect(await row.getByTestId('setting-default').count()).toBe(0);
    const quota = admin.locator('[data-testid="setting-row"][data-key="quota-day"]');
    await quota.getByTestId('setting-input').fill('0');
    await quota.getByTestId('setting-save').click();
    await expect.poll(() => quota.locator('.field-error').textContent()).toContain('entre 1 et');
    await admin.locator('#reglages').scrollIntoViewIfNeeded();
    await atBothSizes(admin, 'admin-reglages');
  });
});
