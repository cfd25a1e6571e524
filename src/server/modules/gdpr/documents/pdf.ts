// PDF rendering with pdfmake and the Roboto fonts shipped inside pdfmake's own build (read once from
// node_modules): no network, and the content can never make pdfmake open a file or a URL.
import { createRequire } from 'node:module';
import type { Content } from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.d.ts';
import type { GdprDocument } from './document.ts';

interface PdfMakeServer {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let ready: PdfMakeServer | undefined;

function pdfmake(): PdfMakeServer {
  if (ready) return ready;
  const require = createRequire(import.meta.url);
  const instance = require('pdfmake') as PdfMakeServer;
  const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;
  for (const [name, base64] of Object.entries(vfs)) instance.virtualfs.writeFileSync(name, Buffer.from(base64, 'base64'));
  instance.setFonts({
    Roboto: { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' },
  });
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy(() => false);
  ready = instance;
  return instance;
}

/** Markdown code marks (around command names) mean nothing in a PDF. */
const plain = (text: string) => text.replaceAll('`', '');

function content(doc: GdprDocument): Content[] {
  const out: Content[] = [
    { text: doc.title, style: 'title' },
    { text: doc.subtitle, style: 'subtitle' },
  ];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'heading':
        out.push({ text: block.text, style: block.level === 1 ? 'h1' : block.level === 2 ? 'h2' : 'h3' });
        break;
      case 'paragraph':
        out.push({ text: plain(block.text), style: 'body' });
        break;
      case 'todo':
        out.push({ text: block.text, style: 'todo' });
        break;
      case 'list':
        out.push({ ul: block.items.map(plain), style: 'body' });
        break;
      case 'table':
        out.push({
          table: {
            headerRows: 1,
            widths: ['35%', '65%'],
            body: [block.header.map((h) => ({ text: h, bold: true })), ...block.rows.map((r) => r.map(plain))],
          },
          layout: 'lightHorizontalLines',
          style: 'body',
        });
        break;
    }
  }
  return out;
}

export async function toPdf(doc: GdprDocument): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    info: { title: doc.title, creator: 'Tuteur', producer: 'Tuteur' },
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    footer: (page, pages) => ({ text: `${doc.title} — page ${page} / ${pages}`, alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10, italics: true, color: '#444444', margin: [0, 0, 0, 14] },
      h1: { fontSize: 14, bold: true, margin: [0, 12, 0, 6] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
      body: { margin: [0, 0, 0, 6] },
      todo: { italics: true, color: '#8a4b00', margin: [0, 0, 0, 6] },
    },
    content: content(doc),
  };
  return pdfmake().createPdf(definition).getBuffer();
}
