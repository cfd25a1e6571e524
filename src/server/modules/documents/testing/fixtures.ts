// Small real course documents built in tests: a PDF written by pdfmake (through the GDPR documents'
// renderer), DOCX and ODT archives zipped with fflate, and archives that lie about their size.
import { strToU8, zipSync } from 'fflate';
import { toPdf } from '../../gdpr/documents/pdf.ts';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function makePdf(paragraphs: readonly string[]): Promise<Uint8Array> {
  return toPdf({ kind: 'export', title: 'Cours', subtitle: 'Document de test', blocks: paragraphs.map((text) => ({ type: 'paragraph' as const, text })) });
}

export function wordDocumentXml(paragraphs: readonly string[]): string {
  const body = paragraphs
    .map((text) => `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

export function makeDocx(paragraphs: readonly string[], documentXml = wordDocumentXml(paragraphs)): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(documentXml),
  });
}

export function makeOdt(paragraphs: readonly string[], mimetype = 'application/vnd.oasis.opendocument.text'): Uint8Array {
  const body = paragraphs.map((text, i) => (i === 0 ? `<text:h text:outline-level="1">${escapeXml(text)}</text:h>` : `<text:p text:style-name="P1">${escapeXml(text)}</text:p>`)).join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  return zipSync({ mimetype: [strToU8(mimetype), { level: 0 }], 'content.xml': strToU8(content) });
}

/** Rewrites the uncompressed size an archive declares for its entries (local headers and central directory). */
export function declareOriginalSize(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i += 1) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, size, true);
    else if (signature === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}
