// Launches Debian's Chromium through playwright-core for the browser tests, and saves screenshots.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const DESKTOP = { width: 1100, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Where screenshots go (gitignored). */
export const RESULTS_DIR = resolve(import.meta.dirname, '..', 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // tests run as root in CI, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A headless Chromium. Each launch gets a fresh temporary profile (--user-data-dir): Playwright creates it
 * in the temp dir and removes it on browser.close() (it refuses a --user-data-dir argument to launch()).
 * Use one browser.newContext() per user so cookies never leak between a pupil and a teacher.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium est introuvable (${CHROMIUM_PATH}) : les tests navigateur en ont besoin. ` +
        'Installez-le avec « apt-get install chromium » (paquet Debian).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/** Full-page PNG in test-results/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'capture';
  const path = join(RESULTS_DIR, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Screenshots at desktop size and at 360 px (test-results/<name>-bureau.png, <name>-360.png), and checks
 * that nothing overflows sideways on the phone.
 */
export async function atBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-bureau`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-360`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize(DESKTOP);
  if (width > PHONE.width) throw new Error(`${name} : la page déborde en largeur à ${PHONE.width} px (${width} px).`);
}
