// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, me, mount, on } from '../../testing/harness.tsx';
import { bytesToBase64, MAX_ROSTER_BYTES, type RosterPreview } from './roster.ts';
import { RosterImportPage } from './RosterImportPage.tsx';

const head = me({ id: 'h1', login: 'proviseur', displayName: 'Claire Proviseure', role: 'school-admin' });

const preview = (over: Partial<RosterPreview> = {}): RosterPreview => ({
  school: { id: 's1', uai: '0691234A', name: 'Lycée Ampère' },
  encoding: 'windows-1252',
  separator: ';',
  rows: 3,
  classesToCreate: [{ name: '2nde C', level: '2nde' }],
  create: [{ line: 2, login: 'noe.durand', displayName: 'Noé Durand', role: 'élève', classes: ['2nde C'] }],
  update: [{ line: 3, login: 'lea.martin', displayName: 'Léa Martin', changes: ['classe : 2nde B → 2nde C'] }],
  leave: [{ login: 'hugo.bernard', displayName: 'Hugo Bernard', role: 'élève' }],
  unchanged: 1,
  skipped: [{ line: 4, message: 'ligne 4 : profil « Parent » ignoré (seuls les élèves et les enseignants sont importés).' }],
  errors: [],
  unusedColumns: ['Date de naissance'],
  ...over,
});

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => page.unmount());

function choose(file: File): void {
  const input = page.one('roster-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('bytesToBase64', () => {
  it('gives what Node gives, for every byte value and for files larger than one slice', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(Buffer.from(all).toString('base64'));
    const large = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 256);
    expect(bytesToBase64(large)).toBe(Buffer.from(large).toString('base64'));
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });
});

describe('RosterImportPage', () => {
  it('previews the file’s bytes, shows what will change, then imports exactly the same body', async () => {
    page.answer(
      on('POST', '/api/schools/s1/roster/preview', () => json(preview())),
      on('POST', '/api/schools/s1/roster/import', () => json(preview())),
    );
    await page.render(<RosterImportPage />, head);
    expect(page.has('roster-import')).toBe(false);
    // "Élève" in Windows-1252: the server, not the browser, decodes it.
    const bytes = new Uint8Array([0x4e, 0x6f, 0x6d, 0x3b, 0xc9, 0x6c, 0xe8, 0x76, 0x65, 0x0a]);
    choose(new File([bytes], 'eleves.csv', { type: 'text/csv' }));
    await page.click(page.one('roster-partial'));
    await page.submit(page.one('roster-form'));
    const previewCall = { method: 'POST', url: '/api/schools/s1/roster/preview', body: { csvBase64: Buffer.from(bytes).toString('base64'), partial: true } };
    expect(page.writes()).toEqual([previewCall]);

    expect(page.one('roster-count-create').textContent).toBe('1');
    expect(page.one('roster-count-leave').textContent).toBe('1');
    expect(page.one('roster-count-errors').textContent).toBe('0');
    expect(page.one('roster-update').textContent).toContain('classe : 2nde B → 2nde C');
    expect(page.one('roster-leave').textContent).toContain('Hugo Bernard');
    expect(page.one('roster-skipped').textContent).toContain('ligne 4');
    expect(page.container.textContent).toContain('Colonnes lues mais jamais enregistrées : Date de naissance.');

    await page.click(page.one('roster-import'));
    expect(page.writes()).toEqual([previewCall, { method: 'POST', url: '/api/schools/s1/roster/import', body: previewCall.body }]);
    expect(page.one('roster-done').textContent).toBe('Import terminé : 1 comptes créés, 1 modifiés, 1 départs.');
    expect(page.has('roster-import')).toBe(false);
  });

  it('lists the errors with their line numbers and does not offer to import', async () => {
    page.answer(
      on('POST', '/api/schools/s1/roster/preview', () =>
        json(preview({ errors: [{ line: 7, message: 'ligne 7 : classe « 2nde Z » inconnue.' }, { line: 9, message: 'ligne 9 : nom manquant.' }] })),
      ),
    );
    await page.render(<RosterImportPage />, head);
    choose(new File(['Nom;Prénom\n'], 'eleves.csv'));
    await page.submit(page.one('roster-form'));
    expect([...page.one('roster-errors').querySelectorAll<HTMLElement>('[data-testid="roster-issue"]')].map((issue) => issue.dataset.line)).toEqual(['7', '9']);
    expect(page.one('roster-errors').hasAttribute('open')).toBe(true);
    expect(page.one('roster-blocked').textContent).toContain('refusé tant que le fichier contient des erreurs');
    expect((page.one('roster-import') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a refused import’s errors (422) and refuses a file over 5 Mo before sending it', async () => {
    page.answer(
      on('POST', '/api/schools/s1/roster/preview', () => json(preview())),
      on('POST', '/api/schools/s1/roster/import', () =>
        json({ code: 'roster_invalid', message: 'Import refusé : le fichier contient 1 erreur.', ...preview({ errors: [{ line: 5, message: 'ligne 5 : identifiant déjà pris.' }] }) }, 422),
      ),
    );
    await page.render(<RosterImportPage />, head);
    choose(new File(['Nom;Prénom\n'], 'eleves.csv'));
    await page.submit(page.one('roster-form'));
    await page.click(page.one('roster-import'));
    expect(page.one('roster-refused').textContent).toBe('Import refusé : le fichier contient 1 erreur.');
    expect([...page.one('roster-errors').querySelectorAll('[data-testid="roster-issue"]')].map((issue) => issue.textContent)).toEqual(['ligne 5 : identifiant déjà pris.']);

    const calls = page.calls.length;
    choose(new File([new Uint8Array(MAX_ROSTER_BYTES + 1)], 'enorme.csv'));
    await page.submit(page.one('roster-form'));
    expect(page.calls.length).toBe(calls);
    expect(page.one('roster-error').textContent).toContain('dépasse 5 Mo');
  });
});
