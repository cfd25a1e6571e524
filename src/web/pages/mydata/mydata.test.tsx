// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessLogEntry, NoticeView, RightsRequest } from '../../gdpr/api.ts';
import { json, me, mount, noContent, on, type ApiCall } from '../../testing/harness.tsx';
import { MyDataPage } from './MyDataPage.tsx';
import { NoticeDocument } from './NoticePage.tsx';

const access: AccessLogEntry = {
  at: Date.UTC(2026, 10, 20, 10),
  who: 'Marc Petit',
  role: 'Enseignant·e',
  action: 'conversation.accessed',
  actionLabel: 'Consultation d’une conversation',
  reason: 'Suivi pédagogique',
  reasonText: 'Préparer le conseil de classe',
};

const received: RightsRequest = {
  id: 'r1',
  kind: 'rectification',
  kindLabel: 'Rectification (art. 16)',
  state: 'received',
  stateLabel: 'Reçue',
  receivedAt: Date.UTC(2026, 10, 20),
  dueAt: Date.UTC(2026, 11, 20),
  overdue: false,
  details: null,
  decidedAt: null,
  decisionReason: null,
};

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => page.unmount());

describe('MyDataPage', () => {
  it('lists who accessed the pupil’s data and why, and links the downloads', async () => {
    page.answer(on('GET', '/api/me/access-log', () => json({ entries: [access] })), on('GET', '/api/me/rights-requests', () => json({ requests: [] })));
    await page.render(<MyDataPage />);
    const entry = page.one('access-entry');
    expect(entry.dataset.action).toBe('conversation.accessed');
    expect(page.one('access-who').textContent).toBe('Marc Petit');
    expect(entry.textContent).toContain('Consultation d’une conversation');
    expect(page.one('access-reason').textContent).toBe('Raison : Suivi pédagogique — « Préparer le conseil de classe »');
    expect(page.one('export-json').getAttribute('href')).toBe('/api/me/export');
    expect(page.one('export-pdf').getAttribute('href')).toBe('/api/me/export?format=pdf');
    expect(page.one('export-pdf').hasAttribute('download')).toBe(true);
    expect(page.one('my-requests-empty').textContent).toBe('Tu n’as fait aucune demande.');
    expect(page.one('my-data-notice').getAttribute('href')).toBe('/notice');
  });

  it('says when nobody accessed the data', async () => {
    page.answer(on('GET', '/api/me/access-log', () => json({ entries: [] })), on('GET', '/api/me/rights-requests', () => json({ requests: [] })));
    await page.render(<MyDataPage />);
    expect(page.one('access-log-empty').textContent).toBe('Personne n’a consulté tes données.');
  });

  it('files a request with its kind and details, then lists it with the date of the answer', async () => {
    const posts: ApiCall[] = [];
    let requests: RightsRequest[] = [];
    page.answer(
      on('GET', '/api/me/access-log', () => json({ entries: [] })),
      on('GET', '/api/me/rights-requests', () => json({ requests })),
      on('POST', '/api/me/rights-requests', (call) => {
        posts.push(call);
        requests = [received];
        return json(received, 201);
      }),
    );
    await page.render(<MyDataPage />);
    await page.submit(page.one('rights-form'));
    expect(posts).toEqual([]);
    expect(page.one('rights-form').textContent).toContain('Choisis ce que tu demandes.');

    await page.click(page.one('rights-kind-rectification'));
    page.type(page.one('rights-details'), '  Mon nom est mal écrit.  ');
    await page.submit(page.one('rights-form'));
    expect(posts.map((call) => call.body)).toEqual([{ kind: 'rectification', details: 'Mon nom est mal écrit.' }]);
    expect(page.one('rights-success').textContent).toMatch(/^Ta demande est envoyée\. Tu auras une réponse au plus tard le 20 déc\.? 2026/);
    expect(page.one('my-request').textContent).toContain('Corriger une information sur moi');
    expect(page.one('my-request').textContent).toContain('Reçue');
  });
});

describe('NoticeDocument', () => {
  const notice: NoticeView = { kind: 'notice', title: 'Tuteur et tes données', version: '0123456789ab', markdown: '# Tuteur et tes données\n\nTes messages restent au lycée.', read: false };

  it('informs without asking for consent, and records the reading of this version', async () => {
    const reads: ApiCall[] = [];
    let done = 0;
    page.answer(
      on('POST', '/api/me/notice-read', (call) => {
        reads.push(call);
        return noContent();
      }),
    );
    await page.render(<NoticeDocument notice={notice} gate onRead={() => done++} onChanged={() => undefined} />);
    expect(page.one('notice-text').textContent).toContain('Tes messages restent au lycée.');
    expect(page.one('notice-info').textContent).toContain('tu n’as rien à accepter');
    const buttons = [...page.container.querySelectorAll('button')].map((button) => button.textContent);
    expect(buttons).toEqual(['J’ai lu']);
    expect(page.one('notice-pdf').getAttribute('href')).toBe('/api/gdpr/notice?format=pdf');
    await page.click(page.one('notice-read'));
    expect(reads.map((call) => call.body)).toEqual([{ version: '0123456789ab' }]);
    expect(done).toBe(1);
  });

  it('asks for the new notice when it changed while open', async () => {
    let changed = 0;
    page.answer(on('POST', '/api/me/notice-read', () => json({ code: 'notice_changed', message: 'La notice a changé entre-temps : relisez-la.' }, 409)));
    await page.render(<NoticeDocument notice={notice} gate onRead={() => undefined} onChanged={() => changed++} />);
    await page.click(page.one('notice-read'));
    expect(changed).toBe(1);
  });

  it('speaks to staff formally and shows when this version was already read', async () => {
    await page.render(<NoticeDocument notice={{ ...notice, read: true }} gate={false} onRead={() => undefined} onChanged={() => undefined} />, me({ role: 'teacher' }));
    expect(page.one('notice-info').textContent).toContain('pas d’un consentement');
    expect(page.one('notice-already-read').textContent).toBe('Vous avez lu cette version de la notice.');
    expect(page.has('notice-read')).toBe(false);
  });
});
