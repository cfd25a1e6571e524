// The walking skeleton in a real browser: the real server with the embedded llama.cpp engine on a tiny
// generated GGUF, accounts made with the CLI, a pupil who logs in, asks, sees the answer stream in,
// reloads and finds the conversation again.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { signIn, startTestServer, type TestServer } from './server.ts';

const PUPIL_PASSWORD = 'mot-de-passe-eleve-2026';

describe('a pupil chats with the tutor in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    test = await startTestServer({
      name: 'chat',
      password: PUPIL_PASSWORD,
      maxTokens: 200,
      setup: [
        ['schools', 'add', '--uai', '0691234A', '--name', 'Lycée Ampère'],
        ['classes', 'add', '--school', '0691234A', '--name', '2nde B', '--level', '2nde'],
        ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', '0691234A', '--class', '2nde B', '--name', 'Léa Martin'],
        // Free questions, at any hour: this test is about the chat itself, the framework has its own tests.
        ['settings', 'set', '--school', '0691234A', 'free-questions', '2nde'],
        ['settings', 'set', '--school', '0691234A', 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
    baseUrl = test.baseUrl;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('logs in, streams an answer, and finds it again after a reload', async () => {
    const { page, context } = await signIn(browser, baseUrl, 'lea.martin', PUPIL_PASSWORD);
    const outsideRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) outsideRequests.push(request.url());
    });

    await page.getByTestId('new-conversation').click();

    await page.getByTestId('chat-input').fill('Comment calculer $\\frac{1}{2} + \\frac{1}{3}$ ?');
    // Record every state of the answer while it streams, to prove it arrives in pieces.
    await page.evaluate(() => {
      const w = window as unknown as { __snapshots: string[] };
      w.__snapshots = [];
      new MutationObserver(() => {
        const answer = document.querySelectorAll('[data-testid="message-tutor"]');
        const last = answer[answer.length - 1];
        if (last) w.__snapshots.push(last.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('chat-send').click();

    const answer = page.locator('[data-testid="message-tutor"][data-status="complete"]');
    await answer.waitFor({ timeout: 60_000 });
    const snapshots = await page.evaluate(() => (window as unknown as { __snapshots: string[] }).__snapshots);
    const distinct = new Set(snapshots.filter((s) => s.length > 0));
    expect(distinct.size).toBeGreaterThanOrEqual(3);
    const finalText = (await answer.textContent()) ?? '';
    expect(finalText.length).toBeGreaterThan(0);
    // The pupil's maths is rendered by KaTeX.
    await expect.poll(() => page.locator('[data-testid="message-pupil"] .katex').count()).toBeGreaterThan(0);
    await screenshot(page, 'eleve-conversation');

    await page.reload();
    await page.locator('[data-testid="message-tutor"][data-status="complete"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('message-pupil').count()).toBe(1);
    expect(await page.getByTestId('message-tutor').count()).toBe(1);
    expect(outsideRequests).toEqual([]);
    await context.close();
  });
});
