// Stored XSS, in real Chromium, through every place that shows user or model content: a few hundred
// payloads of our own (test/security/xss-corpus.ts) go in through the real HTTP API — pupil messages and
// the tutor's answers (the model here repeats the pupil's text), conversation titles, assignment titles and
// statements, class, user and school names, alert excerpts and reports, rights requests, the school's GDPR
// contacts shown in the notice — then each page that shows them is opened as the person who sees it.
// Content Security Policy is bypassed in the browser so that the sanitiser itself is what is tested.
// Zero script executions (a page-level hook every payload calls, and dialogs), zero requests to a host
// other than the loopback server, and no dangerous element or attribute left in the DOM.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, DEFAULT_WEB_ROOT } from '../src/server/app.ts';
import { keyringFromKey } from '../src/server/crypto/keyring.ts';
import { newSigner } from '../src/server/crypto/signing-key.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/connection.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { createLogger } from '../src/server/logger.ts';
import { createFakeProvider } from '../src/server/modules/llm/fake.provider.ts';
import { PUPIL_TAG } from '../src/server/modules/chat/prompt.ts';
import { MARKDOWN_PAYLOADS, NAME_PAYLOADS, oversizedTex, type XssPayload } from '../test/security/xss-corpus.ts';
import { launchBrowser } from './browser.ts';

const PASSWORD = 'mot-de-passe-xss-2026';
const WEB_ROOT = process.env.TUTEUR_E2E_WEB_ROOT ?? DEFAULT_WEB_ROOT;

/** The "model": repeats the pupil's latest message, a few characters per token, so answers carry the payloads too. */
const echo = createFakeProvider({
  parallel: 4,
  tokens: (request) => {
    const last = request.messages.at(-1)?.content ?? '';
    const text = last.replace(new RegExp(`^<${PUPIL_TAG}>\\n|\\n</${PUPIL_TAG}>$`, 'g'), '');
    return text.match(/[\s\S]{1,7}/g) ?? [];
  },
});

/** Groups payloads into texts of at most `max` characters, each opening with a plain marker to wait for. */
function bundles(payloads: readonly XssPayload[], max: number, marker: string): string[] {
  const texts: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) texts.push([`${marker}-${texts.length}`, ...current].join('\n\n'));
    current = [];
  };
  for (const payload of payloads) {
    if ([...current, payload.text].join('\n\n').length + marker.length + 8 > max) flush();
    current.push(payload.text);
  }
  flush();
  return texts;
}

interface Visit {
  who: string;
  path: string;
  /** Text that proves the page shows its content. */
  waitFor?: string;
}

describe('stored XSS through every page that shows user or model content (Chromium)', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let base: string;
  let browser: Browser;
  const cookies = new Map<string, string>();
  const visits: Visit[] = [];
  const contexts = new Map<string, BrowserContext>();
  const executions: string[] = [];
  const dialogs: string[] = [];
  const outside: string[] = [];
  const pageErrors: string[] = [];
  const seenIds = new Set<number>();
  let payloadsSent = 0;

  async function api<T = unknown>(who: string, method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { cookie: cookies.get(who) ?? '', origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${who} ${method} ${url} → ${response.status} ${text.slice(0, 300)}`);
    return (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  }

  async function signIn(login: string): Promise<void> {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    if (!response.ok) throw new Error(`login ${login}: ${response.status}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tuteur_session='));
    cookies.set(login, cookie!.split(';')[0]!);
  }

  /** Reads the notice, as the app asks at first login, so pages open directly (the notice page is visited on its own). */
  async function acknowledgeNotice(login: string): Promise<void> {
    const notice = await api<{ version?: string }>(login, 'GET', '/api/gdpr/notice').catch(() => undefined);
    if (notice?.version) await api(login, 'POST', '/api/me/notice-read', { version: notice.version });
  }

  /** Posts a pupil message and reads the streamed answer to its end. */
  async function say(conversationId: string, text: string): Promise<string> {
    const body = await api<string>('eleve', 'POST', `/api/conversations/${conversationId}/messages`, { text });
    if (!body.includes('event: done')) throw new Error(`answer not done: ${body.slice(-300)}`);
    payloadsSent += 1;
    return body;
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`Application web absente (${WEB_ROOT}) : lancez « npx vite build » d’abord.`);
    const dir = mkdtempSync(join(tmpdir(), 'tuteur-e2e-xss-'));
    database = openDatabase({ kind: 'sqlite', file: join(dir, 'tuteur.sqlite') });
    await migrateToLatest(database.db);
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    const built = await buildApp({
      config: { publicUrl: undefined, trustProxy: false, sessionTtlMs: 3600_000, sso: [], llm: { threads: 1, parallel: 4, contextSize: undefined, maxTokens: 4000, maxQueue: 200 } },
      database,
      llm: echo,
      clock: { now: () => Date.now() },
      keyring: keyringFromKey(randomBytes(32)),
      logger: createLogger('warn', quiet),
      webRoot: WEB_ROOT,
      auditSigner: newSigner(),
    });
    app = built.app;
    const { services } = built;
    const school = await services.schools.create('cli', { uai: '0691234A', name: 'Lycée Ampère' });
    const klass = await services.classes.create('cli', { schoolId: school.id, name: '2nde B', level: '2nde' });
    for (const [key, value] of [
      ['free-questions', '2nde'],
      ['opening-hours', 'lun-dim 00:00-24:00'],
      ['quota-day', '10000'],
      ['quota-week', '50000'],
    ] as const) {
      await services.settings.set('cli', school.id, key, value);
    }
    for (const [login, role] of [
      ['eleve', 'pupil'],
      ['prof', 'teacher'],
      ['direction', 'school-admin'],
      ['dpd', 'dpo'],
      ['academie', 'academie-admin'],
    ] as const) {
      await services.users.create('cli', {
        login,
        displayName: `Compte ${login}`,
        role,
        schoolId: role === 'academie-admin' ? undefined : school.id,
        classIds: role === 'pupil' || role === 'teacher' ? [klass.id] : undefined,
        password: PASSWORD,
      });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (const login of ['eleve', 'prof', 'direction', 'dpd', 'academie']) await signIn(login);
    const schoolId = school.id;
    const classId = klass.id;

    // The school's GDPR contacts appear in the notice every pupil reads, and in the register.
    await api('direction', 'PUT', '/api/gdpr/settings', {
      headName: NAME_PAYLOADS[0]!.text.slice(0, 120),
      dpoName: NAME_PAYLOADS[1]!.text.slice(0, 120),
      schoolAddress: MARKDOWN_PAYLOADS.find((p) => p.family.startsWith('markdown/md-link-js'))!.text,
      dpoAddress: MARKDOWN_PAYLOADS.find((p) => p.family.startsWith('katex/tex-href-js'))!.text,
    });
    for (const login of cookies.keys()) await acknowledgeNotice(login);

    // Messages: the whole markdown corpus, ~10 payloads per message, 8 messages per conversation.
    const messages = bundles(MARKDOWN_PAYLOADS, 3900, 'LOT-MESSAGE');
    const chatConversations: string[] = [];
    for (let i = 0; i < messages.length; i += 8) {
      const { id } = await api<{ id: string }>('eleve', 'POST', '/api/conversations', { subject: 'mathematiques' });
      chatConversations.push(id);
      for (const text of messages.slice(i, i + 8)) await say(id, text);
      visits.push({ who: 'eleve', path: `/conversations/${id}`, waitFor: `LOT-MESSAGE-${i}` });
    }
    // Conversation titles: each name payload and a share of the markdown ones open a conversation.
    for (const payload of [...NAME_PAYLOADS, ...MARKDOWN_PAYLOADS.filter((_, i) => i % 6 === 0)]) {
      const { id } = await api<{ id: string }>('eleve', 'POST', '/api/conversations', {});
      await say(id, payload.text);
    }

    // Assignments: titles from the name corpus, statements carrying the markdown corpus and an oversized formula.
    const window = { opensAt: Date.now() - 3600_000, closesAt: Date.now() + 7 * 86_400_000 };
    for (const payload of NAME_PAYLOADS) {
      await api('prof', 'POST', '/api/assignments', { title: payload.text.slice(0, 200), subject: 'mathematiques', statement: `Énoncé ${payload.id}`, modes: ['guidage'], classIds: [classId], ...window });
    }
    const statements = bundles(MARKDOWN_PAYLOADS, 19_000, 'LOT-ENONCE');
    statements.push(`LOT-ENONCE-${statements.length}\n\n${oversizedTex(900_001)}`);
    for (const [i, statement] of statements.entries()) {
      const assignment = await api<{ id: string }>('prof', 'POST', '/api/assignments', { title: `Devoir ${i}`, subject: 'mathematiques', statement, modes: ['guidage', 'explication'], classIds: [classId], ...window });
      const { id } = await api<{ id: string }>('eleve', 'POST', '/api/conversations', { assignmentId: assignment.id });
      visits.push({ who: 'eleve', path: `/conversations/${id}`, waitFor: `LOT-ENONCE-${i}` });
    }

    // Names in the administrators' tables.
    for (const payload of NAME_PAYLOADS) {
      await api('direction', 'POST', '/api/classes', { schoolId, name: payload.text.slice(0, 60), level: '3e' });
      await api('direction', 'POST', '/api/users', { login: `nom-${payload.id}`, displayName: payload.text.slice(0, 120), role: 'pupil', schoolId, classIds: [classId], password: PASSWORD });
      await api('academie', 'POST', '/api/schools', { uai: `${String(1_000_000 + payload.id).padStart(7, '0')}X`, name: payload.text });
    }

    // Alerts: the pupil reports answers (the excerpt shows the message and its answer) with a reason from the corpus.
    for (const [i, conversationId] of chatConversations.entries()) {
      const detail = await api<{ messages: { id: string; role: string }[] }>('eleve', 'GET', `/api/conversations/${conversationId}`);
      const answer = detail.messages.find((m) => m.role === 'tutor')!;
      await api('eleve', 'POST', `/api/conversations/${conversationId}/messages/${answer.id}/report`, { reason: NAME_PAYLOADS[i % NAME_PAYLOADS.length]!.text });
    }
    const alerts = await api<{ id: string }[]>('direction', 'GET', '/api/alerts');
    for (const alert of alerts) visits.push({ who: 'direction', path: `/alertes/${alert.id}`, waitFor: 'LOT-MESSAGE' });

    // Rights requests: their details reach the DPO's queue.
    for (const details of bundles(MARKDOWN_PAYLOADS.filter((_, i) => i % 3 === 0), 1900, 'LOT-DEMANDE')) {
      await api('eleve', 'POST', '/api/me/rights-requests', { kind: 'rectification', details });
    }

    visits.push(
      { who: 'eleve', path: '/', waitFor: '__xss(' },
      { who: 'eleve', path: '/notice' },
      { who: 'eleve', path: '/mes-donnees' },
      { who: 'prof', path: '/', waitFor: '__xss(' },
      { who: 'direction', path: '/admin', waitFor: '__xss(' },
      { who: 'direction', path: '/alertes' },
      { who: 'direction', path: '/rgpd/registre' },
      { who: 'academie', path: '/admin', waitFor: '__xss(' },
      { who: 'dpd', path: '/rgpd/demandes', waitFor: 'LOT-DEMANDE' },
      { who: 'dpd', path: '/rgpd/notice' },
      { who: 'dpd', path: '/rgpd/registre' },
    );
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    for (const context of contexts.values()) await context.close();
    await browser?.close();
    await app?.close();
    await echo.close();
    await database?.close();
  });

  async function contextOf(who: string): Promise<BrowserContext> {
    const existing = contexts.get(who);
    if (existing) return existing;
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 800 }, locale: 'fr-FR' });
    const [name, value] = cookies.get(who)!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    await context.exposeBinding('__xss', ({ page }, id: unknown) => {
      executions.push(`${who} ${new URL(page.url()).pathname}: payload ${String(id)}`);
    });
    context.on('request', (request) => {
      if (!request.url().startsWith(`${base}/`)) outside.push(`${who}: ${request.url().slice(0, 200)}`);
    });
    context.on('page', (page) => {
      page.on('dialog', (dialog) => {
        dialogs.push(`${who}: ${dialog.type()} ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    });
    contexts.set(who, context);
    return context;
  }

  /** Elements and attributes that must never come out of user or model content. */
  async function auditDom(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const findings: string[] = [];
      const origin = location.origin;
      const external = (value: string) => {
        try {
          const url = new URL(value, location.href);
          return url.origin !== origin;
        } catch {
          return true;
        }
      };
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const tag = element.tagName.toLowerCase();
        const where = `${tag}${element.id ? `#${element.id}` : ''}`;
        // The static shell (index.html: its <noscript> note) is not content; attributes are checked everywhere.
        if (element.closest('#root') && ['script', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link', 'img', 'image', 'video', 'audio', 'source', 'picture', 'foreignobject', 'use', 'animate', 'set', 'template', 'noscript', 'marquee'].includes(tag)) {
          findings.push(`element <${tag}> in the page body`);
        }
        for (const attribute of Array.from(element.attributes)) {
          const name = attribute.name.toLowerCase();
          const value = attribute.value;
          if (name.startsWith('on')) findings.push(`${where}[${name}]`);
          if (['src', 'srcset', 'srcdoc', 'formaction', 'action', 'background', 'poster', 'xlink:href', 'data'].includes(name)) findings.push(`${where}[${name}=${value.slice(0, 60)}]`);
          if (name === 'href') {
            // Browsers drop control characters and spaces before reading a scheme.
            const cleaned = Array.from(value).filter((ch) => ch.charCodeAt(0) > 0x20).join('');
            const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
            if (scheme && !['http', 'https', 'tel', 'mailto'].includes(scheme)) findings.push(`${where}[href=${value.slice(0, 60)}]`);
            if (tag !== 'a') findings.push(`${where}[href] on a non-link element`);
          }
          if (name === 'style' && /url\s*\(|expression\s*\(|image-set|@import/i.test(value)) findings.push(`${where}[style=${value.slice(0, 60)}]`);
        }
        if (tag === 'a' && element.closest('.markdown') && (element as HTMLAnchorElement).href && external((element as HTMLAnchorElement).href) && element.getAttribute('rel')?.includes('noopener') !== true) {
          findings.push('external link without rel=noopener');
        }
        if (element.closest('.markdown') && ['form', 'input', 'button', 'textarea', 'select', 'style', 'svg'].includes(tag) && !element.closest('.katex')) {
          findings.push(`element <${tag}> inside rendered markdown`);
        }
      }
      return findings;
    });
  }

  it('detects an execution, an outside request and a dangerous element when there is one (canary)', async () => {
    const page = await (await contextOf('eleve')).newPage();
    await page.goto(base);
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      const image = document.createElement('img');
      image.src = 'http://evil.example/canary.png';
      image.setAttribute('onerror', '__xss(0)');
      document.getElementById('root')!.append(image);
    });
    await expect.poll(() => executions.length).toBe(1);
    expect(outside.some((url) => url.includes('evil.example/canary.png'))).toBe(true);
    expect(await auditDom(page)).toEqual(expect.arrayContaining(['element <img> in the page body', 'img[onerror]']));
    await page.close();
    executions.length = 0;
    outside.length = 0;
  });

  it('runs no payload, fetches nothing outside, and leaves nothing dangerous in the DOM', async () => {
    const findings: string[] = [];
    for (const visit of visits) {
      const context = await contextOf(visit.who);
      const page = await context.newPage();
      await page.goto(`${base}${visit.path}`);
      await page.waitForLoadState('networkidle');
      if (visit.waitFor) {
        await page.waitForFunction((text) => (document.body.textContent ?? '').includes(text), visit.waitFor, { timeout: 30_000 }).catch(() => {
          findings.push(`${visit.who} ${visit.path}: content never showed (${visit.waitFor})`);
        });
      }
      // Give any timer-, load- or toggle-driven payload the chance to fire.
      await page.waitForTimeout(200);
      for (const finding of await auditDom(page)) findings.push(`${visit.who} ${visit.path}: ${finding}`);
      const html = await page.content();
      for (const match of html.matchAll(/__xss\((\d+)\)/g)) seenIds.add(Number(match[1]));
      await page.close();
    }
    expect(executions).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
    expect([...new Set(findings)]).toEqual([]);
  }, 600_000);

  it('streams payloads typed live into the chat without running any (partial markdown while it streams)', async () => {
    const context = await contextOf('eleve');
    const page = await context.newPage();
    await page.goto(base);
    await page.getByTestId('new-conversation').click();
    await page.getByTestId('chat-input').waitFor();
    const live = MARKDOWN_PAYLOADS.filter((_, i) => i % 25 === 0);
    for (const payload of live) {
      await page.getByTestId('chat-input').fill(payload.text);
      await page.getByTestId('chat-send').click();
      await page.locator('[data-testid="message-tutor"]').nth(live.indexOf(payload)).and(page.locator('[data-status="complete"]')).waitFor({ timeout: 30_000 });
      payloadsSent += 1;
    }
    const findings = await auditDom(page);
    await page.close();
    expect(executions).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
    expect([...new Set(findings)]).toEqual([]);
  }, 300_000);

  it('showed every payload somewhere (the checks above were not vacuous)', () => {
    const visible = [...MARKDOWN_PAYLOADS, ...NAME_PAYLOADS].filter((p) => p.text.includes(`__xss(${p.id})`));
    const missing = visible.filter((p) => !seenIds.has(p.id)).map((p) => `${p.id} ${p.family}`);
    console.info(
      `XSS corpus: ${MARKDOWN_PAYLOADS.length + NAME_PAYLOADS.length + 1} payloads, ${payloadsSent} pupil messages, ${visits.length} pages opened; ` +
        `${seenIds.size} payload ids found rendered; page errors: ${pageErrors.length}`,
    );
    expect(missing).toEqual([]);
  });
});
