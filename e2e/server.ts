// Start-up shared by the browser tests: the real server (startServer) on a free loopback port with the
// embedded llama.cpp engine on a tiny generated GGUF, accounts and settings made with the real CLI, and
// signing a person in through the login page (reading the information notice when it is shown).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { runCli, type CliIo } from '../src/cli/main.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { writeTinyLlamaGguf } from '../src/server/modules/llm/testing/tiny-gguf.ts';
import { freePort } from '../src/server/ops/testing/instances.ts';
import { DESKTOP, launchBrowser } from './browser.ts';

export interface TestServerOptions {
  /** Part of the temporary directory's name, to tell runs apart. */
  name: string;
  /** The password the CLI gives every account it creates. */
  password: string;
  /** CLI commands run before the server starts (schools, classes, users, settings). */
  setup: string[][];
  /** Answer length of the tiny model: short answers keep the tests fast. */
  maxTokens?: number;
  /** More environment (e.g. TUTEUR_SSO_PROVIDERS). */
  env?: Record<string, string>;
}

export interface TestServer {
  baseUrl: string;
  server: RunningServer;
  /** The configuration the server runs with (database, key file): tests may open the same data. */
  config: Config;
  /** Runs one more CLI command against the same data; fails the test when it fails. */
  cli(args: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), `tuteur-e2e-${options.name}-`));
  const modelPath = join(dir, 'tiny.gguf');
  await writeTinyLlamaGguf(modelPath, { seed: 7 });
  const env: Record<string, string> = {
    TUTEUR_DATA_DIR: join(dir, 'data'),
    TUTEUR_MODEL_PATH: modelPath,
    TUTEUR_PORT: String(await freePort()),
    TUTEUR_LLM_THREADS: '1',
    TUTEUR_LLM_MAX_TOKENS: String(options.maxTokens ?? 120),
    TUTEUR_LOG_LEVEL: 'warn',
    ...options.env,
  };
  const cli = async (args: string[]) => {
    const errors: string[] = [];
    const io: CliIo = { out: () => undefined, err: (line) => errors.push(line), readPassword: async () => options.password, env, cwd: dir };
    expect(await runCli(args, io), `tuteur ${args.join(' ')}\n${errors.join('\n')}`).toBe(0);
  };
  for (const args of options.setup) await cli(args);
  const config = loadConfig(env, dir);
  const server = await startServer(config, () => undefined);
  // The model loads in the background; pupils should only type once it is ready.
  for (let i = 0; i < 400; i += 1) {
    const ready = (await fetch(`${server.url}/readyz`).then((r) => r.json())) as { model: string };
    if (ready.model === 'ready') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { baseUrl: server.url, server, config, cli, stop: () => server.stop() };
}

export interface SignInOptions {
  viewport?: { width: number; height: number };
  /** Keep the information notice on screen (the test looks at it) rather than reading it. */
  keepNotice?: boolean;
}

/**
 * Opens a fresh browser context (cookies never mix between people), signs in through the login page, and
 * reads the information notice when the app shows it first (first sign-in, or after a change).
 */
export async function signIn(browser: Browser, baseUrl: string, login: string, password: string, options: SignInOptions = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-name').waitFor();
  // Either the notice, or a page of the app (every page has its heading once loaded).
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-read"], [data-testid="notice-already-read"]') !== null || document.querySelector('main h1') !== null);
  if (!options.keepNotice && (await page.getByTestId('notice-read').count()) > 0) {
    await page.getByTestId('notice-read').click();
    await page.getByTestId('notice').waitFor({ state: 'detached' });
  }
  return { page, context };
}

/** A test server, a Chromium, and every browser context the test file opens: all closed together. */
export interface BrowserSuite {
  test: TestServer;
  browser: Browser;
  /** Signs `login` in (with the suite's password unless another is given) in a fresh context, closed at the end. */
  as(login: string, options?: SignInOptions & { password?: string }): Promise<Page>;
  /** A fresh context nobody is signed in to, closed at the end. */
  anonymous(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the server of `options` and a French-speaking Chromium for one test file. */
export async function startBrowserSuite(options: TestServerOptions): Promise<BrowserSuite> {
  const test = await startTestServer(options);
  const browser = await launchBrowser({ args: ['--lang=fr-FR'] });
  const contexts: BrowserContext[] = [];
  return {
    test,
    browser,
    async as(login, signInOptions = {}) {
      const { page, context } = await signIn(browser, test.baseUrl, login, signInOptions.password ?? options.password, signInOptions);
      contexts.push(context);
      return page;
    },
    async anonymous(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await test.stop();
    },
  };
}
