// Course documents in a real browser against the real server: a teacher attaches a Markdown course to an
// assignment, sees it listed with its passages, a refused file is explained in French, and a pupil's
// answer on that assignment shows which document and passage the tutor was given, also after a reload.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atBothSizes } from './browser.ts';
import { startBrowserSuite, type BrowserSuite, type TestServer } from './server.ts';

const PASSWORD = 'mot-de-passe-e2e-2026';
const UAI = '0691235B';
const COURSE = [
  '# Chapitre 3 : les volcans',
  'Un volcan effusif émet une lave basaltique très fluide qui forme des coulées.',
  'Un volcan explosif projette des cendres et des bombes volcaniques : sa lave est visqueuse.',
  'Les séismes sont mesurés avec l’échelle de magnitude.',
].join('\n\n');

describe('course documents in Chromium', () => {
  let suite: BrowserSuite;
  let test: TestServer;

  beforeAll(async () => {
    suite = await startBrowserSuite({
      name: 'documents',
      password: PASSWORD,
      maxTokens: 24,
      setup: [
        ['schools', 'add', '--uai', UAI, '--name', 'Lycée Haroun Tazieff'],
        ['classes', 'add', '--school', UAI, '--name', '2nde A', '--level', '2nde'],
        ['users', 'add', '--login', 'c.dupont', '--role', 'teacher', '--school', UAI, '--class', '2nde A', '--name', 'Claire Dupont'],
        ['users', 'add', '--login', 'tom.leroy', '--role', 'pupil', '--school', UAI, '--class', '2nde A', '--name', 'Tom Leroy'],
        ['settings', 'set', '--school', UAI, 'opening-hours', 'lun-dim 00:00-24:00'],
      ],
    });
    test = suite.test;
  }, 120_000);

  afterAll(async () => suite?.close());

  const signIn = (login: string): Promise<Page> => suite.as(login);

  it('a teacher attaches a course; the pupil’s answer cites the document and passage', async () => {
    const teacher = await signIn('c.dupont');
    await teacher.getByTestId('assignment-new').click();
    const form = teacher.getByTestId('assignment-form');
    await form.getByTestId('af-title').fill('Les volcans');
    await form.getByTestId('af-subject').selectOption('svt');
    await form.getByTestId('af-statement').fill('Explique la différence entre un volcan effusif et un volcan explosif.');
    await form.locator('[data-testid="af-class"][data-class-name="2nde A"]').check();
    await form.getByTestId('af-submit').click();
    await teacher.getByTestId('assignment-notice').waitFor();

    const item = teacher.getByTestId('teacher-assignment').filter({ hasText: 'Les volcans' });
    const panel = item.getByTestId('documents-panel');
    await panel.locator('summary').click();
    const file = panel.getByTestId('documents-file');

    // A file whose content is not what its name says is refused, with the reason in French.
    await file.setInputFiles({ name: 'cours.pdf', mimeType: 'application/pdf', buffer: Buffer.from('ceci n’est pas un PDF') });
    await expect.poll(() => panel.getByTestId('documents-error').textContent()).toContain('ne correspond pas à son extension');

    await file.setInputFiles({ name: 'Cours chapitre 3.md', mimeType: 'text/markdown', buffer: Buffer.from(COURSE) });
    await expect.poll(() => panel.getByTestId('documents-notice').textContent()).toMatch(/« Cours chapitre 3\.md » ajouté : \d+ passage/);
    await expect.poll(() => panel.getByTestId('document-name').allTextContents()).toEqual(['Cours chapitre 3.md']);
    expect(await panel.getByTestId('document-item').textContent()).toMatch(/passage/);
    await atBothSizes(teacher, 'enseignant-documents');

    const pupil = await signIn('tom.leroy');
    const card = pupil.getByTestId('assignment-card').filter({ hasText: 'Les volcans' });
    await card.getByTestId('assignment-start').click();
    await pupil.getByTestId('chat-input').fill('Pourquoi la lave du volcan effusif est-elle fluide ?');
    await pupil.getByTestId('chat-send').click();
    const answer = pupil.locator('[data-testid="message-tutor"][data-status="complete"]').last();
    await answer.waitFor({ timeout: 90_000 });
    const sources = answer.getByTestId('message-sources');
    await expect.poll(() => sources.textContent()).toMatch(/^Sources : Cours chapitre 3\.md, passage \d+/);
    // The pupil sees the citation only, never the list of the teacher's documents.
    expect((await pupil.request.get(`${test.baseUrl}/api/assignments/${await item.getAttribute('data-assignment-id')}/documents`)).status()).toBe(403);

    await pupil.reload();
    const reloaded = pupil.locator('[data-testid="message-tutor"][data-status="complete"]').last();
    await expect.poll(() => reloaded.getByTestId('message-sources').textContent()).toMatch(/^Sources : Cours chapitre 3\.md, passage \d+/);
    await atBothSizes(pupil, 'eleve-sources');

    // Removing the document leaves the answers' citations as they were given.
    await panel.getByTestId('document-delete').click();
    await expect.poll(() => panel.getByTestId('document-item').count()).toBe(0);
  });
});
