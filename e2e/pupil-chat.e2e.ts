// The walking skeleton in a real browser: the real server with the embedded llama.cpp engine on a tiny
// generated GGUF, accounts made with the CLI, a pupil who logs in, asks, sees the answer stream in,
// reloads and finds the conversation again.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli/main.ts';
import { loadConfig } from '../src/server/config.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { writeTinyLlamaGguf } from '../src/server/modules/llm/testing/tiny-gguf.ts';
import { launchBrowser, screenshot } from './browser.ts';

const PUPIL_PASSWORD = 'mot-de-passe-eleve-2026';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('a pupil chats with the tutor in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-e2e-'));
    const modelPath = join(dir, 'tiny.gguf');
    await writeTinyLlamaGguf(modelPath, { seed: 7 });
    const env = {
      TUTEUR_DATA_DIR: join(dir, 'data'),
      TUTEUR_MODEL_PATH: modelPath,
      TUTEUR_PORT: String(await freePort()),
      TUTEUR_LLM_THREADS: '1',
      TUTEUR_LLM_MAX_TOKENS: '200',
      TUTEUR_LOG_LEVEL: 'warn',
    };
    const errors: string[] = [];
    const io: CliIo = { out: () => undefined, err: (l) => errors.push(l), readPassword: async () => PUPIL_PASSWORD, env, cwd: dir };
    for (const args of [
      ['schools', 'add', '--uai', '0691234A', '--name', 'Lycée Ampère'],
      ['classes', 'add', '--school', '0691234A', '--name', '2nde B', '--level', '2nde'],
      ['users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', '0691234A', '--class', '2nde B', '--name', 'Léa Martin'],
      // Free questions, at any hour: this test is about the chat itself, the framework has its own tests.
      ['settings', 'set', '--school', '0691234A', 'free-questions', '2nde'],
      ['settings', 'set', '--school', '0691234A', 'opening-hours', 'lun-dim 00:00-24:00'],
    ]) {
      expect(await runCli(args, io), errors.join('\n')).toBe(0);
    }
    server = await startServer(loadConfig(env, dir), () => undefined);
    baseUrl = server.url;
    // The model loads in the background; the pupil should only type once it is ready.
    for (let i = 0; i < 200; i += 1) {
      const ready = (await fetch(`${baseUrl}/readyz`).then((r) => r.json())) as { model: string };
      if (ready.model === 'ready') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in, streams an answer, and finds it again after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const outsideRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) outsideRequests.push(request.url());
    });

    await page.goto(baseUrl);
    await page.getByTestId('login-login').fill('lea.martin');
    await page.getByTestId('login-password').fill(PUPIL_PASSWORD);
    await page.getByTestId('login-submit').click();
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
