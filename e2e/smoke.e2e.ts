// Proves the browser plumbing: Debian's Chromium starts headless, renders a page, takes a screenshot.
import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('renders a data: page and saves a screenshot', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const html = '<!doctype html><meta charset="utf-8"><title>Tuteur</title><h1>Bonjour, élève !</h1><p id="x"></p>' +
    '<script>document.getElementById("x").textContent = String(6 * 7)</script>';
  await page.goto(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  expect(await page.title()).toBe('Tuteur');
  expect(await page.locator('h1').textContent()).toBe('Bonjour, élève !');
  expect(await page.locator('#x').textContent()).toBe('42');
  const file = await screenshot(page, 'smoke');
  expect(statSync(file).size).toBeGreaterThan(1000);
  await context.close();
});
