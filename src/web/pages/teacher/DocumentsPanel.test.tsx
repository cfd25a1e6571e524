// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CourseDocumentView } from '../../../shared/api.ts';
import { json, me, mount, noContent, on } from '../../testing/harness.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';

const A = '11111111-1111-4111-8111-111111111111';
const path = `/api/assignments/${A}/documents`;
const doc = (over: Partial<CourseDocumentView> = {}): CourseDocumentView => ({
  id: 'd1',
  assignmentId: A,
  name: 'Cours chapitre 3.pdf',
  kind: 'pdf',
  sizeBytes: 1_572_864,
  sha256: 'a'.repeat(64),
  passageCount: 12,
  createdAt: 0,
  ...over,
});

describe('DocumentsPanel', () => {
  let page: ReturnType<typeof mount>;
  afterEach(() => page.unmount());

  async function open() {
    const details = page.one('documents-panel') as HTMLDetailsElement;
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    await page.settle();
  }

  async function choose(file: File) {
    const input = page.one('documents-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => input.dispatchEvent(new Event('change', { bubbles: true })));
    await page.settle();
  }

  it('loads the list only when opened, and shows each document with its passages', async () => {
    page = mount();
    page.answer(on('GET', path, () => json([doc()])));
    await page.render(<DocumentsPanel assignmentId={A} title="Volcans" />, me({ role: 'teacher' }));
    expect(page.calls).toEqual([]);
    await open();
    expect(page.one('document-name').textContent).toBe('Cours chapitre 3.pdf');
    expect(page.one('document-item').textContent).toContain('1,5 Mo · 12 passage(s)');
  });

  it('sends the file as the body with its name in the query, then lists it', async () => {
    page = mount();
    let listed: CourseDocumentView[] = [];
    page.answer(
      on('GET', path, () => json(listed)),
      (call) => {
        if (call.method !== 'POST' || !call.url.startsWith(`${path}?name=`)) return undefined;
        listed = [doc({ name: 'Fiche été.md', kind: 'markdown', sizeBytes: 300, passageCount: 2 })];
        return json(listed[0], 201);
      },
    );
    await page.render(<DocumentsPanel assignmentId={A} title="Volcans" />, me({ role: 'teacher' }));
    await open();
    expect(page.container.textContent).toContain('Aucun document pour ce devoir.');
    await choose(new File(['# Été'], 'Fiche été.md', { type: 'text/markdown' }));
    expect(page.calls.find((c) => c.method === 'POST')?.url).toBe(`${path}?name=Fiche%20%C3%A9t%C3%A9.md`);
    expect(page.one('documents-notice').textContent).toBe('« Fiche été.md » ajouté : 2 passage(s).');
    expect(page.one('document-name').textContent).toBe('Fiche été.md');
  });

  it('shows the server’s French refusal, and deletes a document', async () => {
    page = mount();
    let listed = [doc()];
    page.answer(
      on('GET', path, () => json(listed)),
      (call) => (call.method === 'POST' ? json({ code: 'document_archive_suspect', message: 'Archive suspecte : refusée.' }, 422) : undefined),
      on('DELETE', `${path}/d1`, () => {
        listed = [];
        return noContent();
      }),
    );
    await page.render(<DocumentsPanel assignmentId={A} title="Volcans" />, me({ role: 'teacher' }));
    await open();
    await choose(new File(['PK'], 'bombe.docx'));
    expect(page.one('documents-error').textContent).toBe('Archive suspecte : refusée.');
    await page.click(page.one('document-delete'));
    expect(page.one('documents-notice').textContent).toBe('« Cours chapitre 3.pdf » retiré.');
    expect(page.has('document-item')).toBe(false);
  });
});
