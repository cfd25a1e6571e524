import iconv from 'iconv-lite';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.ts';
import { detectKind, sanitiseFileName } from './detect.ts';
import { extractBlocks } from './extract.ts';
import { documentLimits } from './limits.ts';
import { declareOriginalSize, makeDocx, makeOdt, makePdf, wordDocumentXml } from './testing/fixtures.ts';

const limits = documentLimits();

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<{ status: number; code: string; message: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('extracting course documents', () => {
  it('reads the paragraphs of a real PDF', async () => {
    const pdf = await makePdf(['La photosynthèse transforme la lumière en énergie chimique.', 'Le théorème de Pythagore relie les côtés du triangle rectangle.']);
    const blocks = await extractBlocks(pdf, 'pdf', limits);
    const text = blocks.join('\n');
    expect(text).toContain('La photosynthèse transforme la lumière en énergie chimique.');
    expect(text).toContain('Le théorème de Pythagore');
  });

  it('refuses a malformed or truncated PDF with a clear French error', async () => {
    const pdf = await makePdf(['Un paragraphe.']);
    expect(await refusal(extractBlocks(new TextEncoder().encode('%PDF-1.4\nce n’est pas un PDF'), 'pdf', limits))).toMatchObject({ status: 422, code: 'document_pdf_unreadable' });
    const truncated = await refusal(extractBlocks(pdf.subarray(0, 200), 'pdf', limits)).catch(() => null);
    // pdf.js may recover some truncated files; when it cannot, the refusal is the French one.
    if (truncated) expect(truncated.message).toMatch(/PDF illisible|Aucun texte/);
  });

  it('reads DOCX paragraphs in order, skipping deleted text and field codes', async () => {
    const xml = wordDocumentXml(['Premier paragraphe & suite', 'Second paragraphe']).replace(
      '</w:body>',
      '<w:p><w:r><w:t>Gardé</w:t></w:r><w:del><w:r><w:delText>Supprimé</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:tab/><w:t>après tabulation</w:t></w:r></w:p></w:body>',
    );
    expect(await extractBlocks(makeDocx([], xml), 'docx', limits)).toEqual(['Premier paragraphe & suite', 'Second paragraphe', 'Gardé après tabulation']);
  });

  it('reads ODT headings and paragraphs', async () => {
    expect(await extractBlocks(makeOdt(['Chapitre 3', 'La Révolution française commence en 1789.']), 'odt', limits)).toEqual(['Chapitre 3', 'La Révolution française commence en 1789.']);
  });

  it('refuses an ODT whose mimetype is not a text document (a spreadsheet renamed)', async () => {
    expect(await refusal(extractBlocks(makeOdt(['x'], 'application/vnd.oasis.opendocument.spreadsheet'), 'odt', limits))).toMatchObject({ status: 415 });
  });

  it('refuses a zip bomb from its declared sizes, before inflating anything', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(8 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(50_000);
    expect(await refusal(extractBlocks(bomb, 'docx', limits))).toMatchObject({ status: 422, code: 'document_archive_suspect' });
    // Proof that nothing was inflated: with its compressed data destroyed, the archive is still refused as
    // a bomb (inflating it would have failed as unreadable instead).
    const destroyed = new Uint8Array(bomb);
    destroyed.fill(0xff, 100, bomb.length - 200);
    expect(await refusal(extractBlocks(destroyed, 'docx', limits))).toMatchObject({ code: 'document_archive_suspect' });
    const huge = declareOriginalSize(zipSync({ 'word/document.xml': strToU8(wordDocumentXml(['x'])) }), 0xfffffff0);
    expect(await refusal(extractBlocks(huge, 'docx', limits))).toMatchObject({ code: 'document_archive_suspect' });
  });

  it('refuses an archive with too many entries', async () => {
    const entries: Record<string, Uint8Array> = { 'word/document.xml': strToU8(wordDocumentXml(['x'])) };
    for (let i = 0; i < limits.maxZipEntries + 1; i += 1) entries[`media/${i}.txt`] = strToU8('x');
    expect(await refusal(extractBlocks(zipSync(entries), 'docx', limits))).toMatchObject({ code: 'document_archive_suspect' });
  });

  it('stops inflating an entry that produces more than it declared', async () => {
    const lying = declareOriginalSize(zipSync({ 'word/document.xml': new Uint8Array(4 * 1024 * 1024) }), 4096);
    expect(await refusal(extractBlocks(lying, 'docx', limits))).toMatchObject({ code: 'document_archive_suspect' });
  });

  it('refuses malformed DOCX files clearly: not a zip, truncated, broken XML, a DTD, no document.xml', async () => {
    const docx = makeDocx(['Texte']);
    expect(await refusal(extractBlocks(strToU8('PK\u0003\u0004 pas une archive'), 'docx', limits))).toMatchObject({ status: 422, code: 'document_unreadable' });
    expect(await refusal(extractBlocks(docx.subarray(0, docx.length - 30), 'docx', limits))).toMatchObject({ status: 422 });
    expect(await refusal(extractBlocks(makeDocx([], '<w:document><w:body><w:p>'), 'docx', limits))).toMatchObject({ code: 'document_unreadable' });
    const billionLaughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><w:document><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>';
    expect(await refusal(extractBlocks(makeDocx([], billionLaughs), 'docx', limits))).toMatchObject({ code: 'document_unreadable' });
    expect(await refusal(extractBlocks(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }), 'docx', limits))).toMatchObject({ status: 415, code: 'document_type_mismatch' });
  });

  it('decodes text as UTF-8, falls back to Windows-1252, and refuses binary content', async () => {
    expect(await extractBlocks(strToU8('Les élèves étudient.\n\nDeuxième idée\nsur deux lignes.'), 'text', limits)).toEqual(['Les élèves étudient.', 'Deuxième idée sur deux lignes.']);
    expect(await extractBlocks(iconv.encode('Énergie cinétique et potentielle', 'win1252'), 'text', limits)).toEqual(['Énergie cinétique et potentielle']);
    expect(await refusal(extractBlocks(new Uint8Array([0x41, 0x00, 0x42, 0x01, 0x02]), 'text', limits))).toMatchObject({ code: 'document_not_text' });
  });

  it('keeps the words of Markdown, not its marks', async () => {
    expect(await extractBlocks(strToU8('# Chapitre 3\n\nVoir [le cours](https://exemple.fr/cours) et ![schéma](x.png).'), 'markdown', limits)).toEqual(['Chapitre 3', 'Voir le cours et schéma.']);
  });
});

describe('file type and name', () => {
  const pdfBytes = strToU8('%PDF-1.7 ...');
  const zipBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]);

  it('takes the kind from the extension and checks it against the first bytes', () => {
    expect(detectKind('cours.pdf', 'application/pdf', pdfBytes)).toBe('pdf');
    expect(detectKind('cours.DOCX', undefined, zipBytes)).toBe('docx');
    expect(detectKind('notes.md', 'application/json', strToU8('# Titre'))).toBe('markdown');
    expect(detectKind('notes', 'text/plain', strToU8('texte'))).toBe('text');
  });

  it('refuses wrong magic bytes and unsupported types', async () => {
    expect(await refusal(() => detectKind('cours.pdf', 'application/pdf', zipBytes))).toMatchObject({ status: 415, code: 'document_type_mismatch' });
    expect(await refusal(() => detectKind('cours.docx', undefined, pdfBytes))).toMatchObject({ status: 415, code: 'document_type_mismatch' });
    expect(await refusal(() => detectKind('image.txt', 'text/plain', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d])))).toMatchObject({ code: 'document_type_mismatch' });
    expect(await refusal(() => detectKind('virus.exe', 'application/pdf', pdfBytes))).toMatchObject({ status: 415, code: 'document_type' });
    expect(await refusal(() => detectKind('page.html', 'text/html', strToU8('<script>')))).toMatchObject({ code: 'document_type' });
  });

  it('keeps only a harmless display name: no path, no control or bidi characters', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('..\\..\\Windows\\system32\\cours.pdf')).toBe('cours.pdf');
    expect(sanitiseFileName('/var/lib/tuteur/../../x.md')).toBe('x.md');
    expect(sanitiseFileName('cours\u202Efdp.exe')).toBe('coursfdp.exe');
    expect(sanitiseFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(sanitiseFileName('..')).toBe('document');
    expect(sanitiseFileName('.bashrc')).toBe('bashrc');
    const long = sanitiseFileName(`${'é'.repeat(300)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('….pdf')).toBe(true);
  });
});
