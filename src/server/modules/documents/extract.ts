// Text of a course document, as a list of paragraphs, without executing anything: PDF through unpdf
// (pdf.js text extraction only: no scripting, no XFA, no rendering), DOCX/ODT by reading one XML entry of the
// archive after checking the archive's declared sizes, Markdown and text decoded as UTF-8 or Windows-1252.
// Every failure becomes a French 4xx from limits.ts; nothing here writes to disk.
import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { HttpError } from '../../http/errors.ts';
import type { DocumentKind } from './detect.ts';
import { refuse, type DocumentLimits } from './limits.ts';

export async function extractBlocks(bytes: Uint8Array, kind: DocumentKind, limits: DocumentLimits): Promise<string[]> {
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes, limits);
    case 'docx':
      return paragraphsOfXml(decodeUtf8(readArchiveEntries(bytes, ['word/document.xml'], 'docx', limits).get('word/document.xml')!), WORD);
    case 'odt': {
      const entries = readArchiveEntries(bytes, ['mimetype', 'content.xml'], 'odt', limits);
      if (decodeUtf8(entries.get('mimetype')!).trim() !== 'application/vnd.oasis.opendocument.text') throw refuse.mismatch('odt');
      return paragraphsOfXml(decodeUtf8(entries.get('content.xml')!), OPEN_DOCUMENT);
    }
    case 'markdown':
      return paragraphsOfText(stripMarkdown(decodeText(bytes)));
    case 'text':
      return paragraphsOfText(decodeText(bytes));
  }
}

// ---------------------------------------------------------------------------------------------- text

/** Characters that do not occur in real text (controls other than tabs and line breaks, undecodable bytes). */
function oddCharacters(text: string): number {
  let odd = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f || code === 0xfffd) odd += 1;
  }
  return odd;
}

/** UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (files saved by older Windows editors). */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1252');
    }
  }
  // A file full of them is binary, whatever its name says.
  if (text.includes('\u0000') || oddCharacters(text) > text.length / 100) throw refuse.notText();
  return text;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse.unreadableOffice();
  }
}

/** Markdown marks that carry no meaning for the tutor: heading hashes, images and link targets. */
function stripMarkdown(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '');
}

/** Paragraphs are separated by blank lines; the lines of one paragraph are joined. */
export function paragraphsOfText(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > 0);
}

// ----------------------------------------------------------------------------------------------- PDF

interface PdfTextItem {
  str?: string;
  hasEOL?: boolean;
}

async function extractPdf(bytes: Uint8Array, limits: DocumentLimits): Promise<string[]> {
  // Loaded on first use: pdf.js is large and most instances never see a PDF.
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js takes ownership of the buffer it is given.
    // pdf.js 5 compiles nothing from the file (no eval); XFA forms and system fonts stay off too.
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      enableXfa: false,
      useSystemFonts: false,
      disableFontFace: true,
      stopAtErrors: false,
      verbosity: 0,
    });
  } catch (error) {
    if ((error as Error | undefined)?.name === 'PasswordException') throw refuse.protectedPdf();
    throw refuse.unreadablePdf();
  }
  try {
    if (pdf.numPages > limits.maxPdfPages) throw refuse.tooManyPages(limits);
    const pages: string[] = [];
    let chars = 0;
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const text = (content.items as PdfTextItem[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join('');
      page.cleanup();
      chars += text.length;
      // Stop reading at once rather than extracting a whole encyclopaedia to refuse it afterwards.
      if (chars > limits.maxTextChars * 2) throw refuse.textTooLong(limits);
      pages.push(text);
    }
    // A line break inside a page is where the layout wrapped, a blank line is a paragraph.
    return pages.flatMap(paragraphsOfText);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw refuse.unreadablePdf();
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

// --------------------------------------------------------------------------------------- DOCX and ODT

class SuspectArchive extends Error {}

// Small: one chunk of DEFLATE data can inflate about a thousandfold before the budget is checked again.
const INFLATE_CHUNK = 4 * 1024;
/** Entries this small may compress very well (a repeated style) without being a bomb. */
const RATIO_CHECK_FROM = 1024 * 1024;

/**
 * The wanted entries of a ZIP archive, inflated. First the central directory is read without inflating
 * anything, and the archive is refused if it declares too many entries, too many bytes or a ratio no
 * document has. Then only the wanted entries are inflated, chunk by chunk, and stopped as soon as they
 * produce more than they declared: an entry lying about its size cannot take the memory or the CPU.
 */
export function readArchiveEntries(bytes: Uint8Array, wanted: readonly string[], kind: 'docx' | 'odt', limits: DocumentLimits): Map<string, Uint8Array> {
  const declared: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        declared.push(file);
        if (declared.length > limits.maxZipEntries) throw new SuspectArchive();
        return false;
      },
    });
  } catch (error) {
    if (error instanceof SuspectArchive) throw refuse.suspectArchive();
    throw refuse.unreadableOffice();
  }
  let totalCompressed = 0;
  let totalOriginal = 0;
  for (const file of declared) {
    totalCompressed += file.size;
    totalOriginal += file.originalSize;
    if (file.originalSize >= RATIO_CHECK_FROM && file.originalSize > file.size * limits.maxZipRatio) throw refuse.suspectArchive();
  }
  if (totalOriginal > limits.maxZipUncompressedBytes) throw refuse.suspectArchive();
  if (totalOriginal >= RATIO_CHECK_FROM && totalOriginal > totalCompressed * limits.maxZipRatio) throw refuse.suspectArchive();

  const budgets = new Map<string, number>();
  for (const name of wanted) {
    const entry = declared.find((file) => file.name === name);
    // A DOCX without word/document.xml is some other Office file (a spreadsheet, a presentation) renamed.
    if (!entry) throw refuse.mismatch(kind);
    if (entry.originalSize > limits.maxXmlBytes) throw refuse.suspectArchive();
    budgets.set(name, entry.originalSize);
  }

  const found = new Map<string, Uint8Array[]>();
  let suspect = false;
  let broken = false;
  const unzip = new Unzip((file) => {
    const budget = budgets.get(file.name);
    if (budget === undefined || found.has(file.name)) return;
    const chunks: Uint8Array[] = [];
    found.set(file.name, chunks);
    let produced = 0;
    file.ondata = (error, chunk) => {
      if (suspect || broken) return;
      if (error) {
        broken = true;
        return;
      }
      produced += chunk.length;
      if (produced > budget) {
        suspect = true;
        file.terminate();
        return;
      }
      chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && !suspect && !broken; offset += INFLATE_CHUNK) {
      unzip.push(bytes.subarray(offset, offset + INFLATE_CHUNK), offset + INFLATE_CHUNK >= bytes.length);
    }
  } catch {
    broken = true;
  }
  if (suspect) throw refuse.suspectArchive();
  if (broken) throw refuse.unreadableOffice();
  const result = new Map<string, Uint8Array>();
  for (const name of wanted) {
    const chunks = found.get(name);
    if (!chunks) throw refuse.unreadableOffice();
    result.set(name, Buffer.concat(chunks));
  }
  return result;
}

interface XmlDialect {
  /** Elements that are one paragraph each. */
  paragraphs: ReadonlySet<string>;
  /** Elements whose text is content; 'any': all text inside a paragraph is. */
  text: ReadonlySet<string> | 'any';
  /** Empty elements that stand for a space (tabs, line breaks). */
  spaces: ReadonlySet<string>;
  /** Subtrees that are not the course text (deleted revisions, field codes, comments, notes). */
  skip: ReadonlySet<string>;
}

const WORD: XmlDialect = {
  paragraphs: new Set(['w:p']),
  text: new Set(['w:t']),
  spaces: new Set(['w:tab', 'w:br', 'w:cr']),
  skip: new Set(['w:instrText', 'w:delText', 'w:del', 'w:rPr', 'w:pPr', 'w:sectPr']),
};

const OPEN_DOCUMENT: XmlDialect = {
  paragraphs: new Set(['text:p', 'text:h']),
  text: 'any',
  spaces: new Set(['text:s', 'text:tab', 'text:line-break']),
  skip: new Set(['office:annotation', 'text:note', 'text:tracked-changes', 'office:automatic-styles', 'office:font-face-decls', 'office:scripts']),
};

type XmlNode = Record<string, unknown>;

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  trimValues: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 256,
});

/** The paragraphs of a Word or OpenDocument body, in order. */
export function paragraphsOfXml(xml: string, dialect: XmlDialect): string[] {
  // Office documents never carry a DTD: one here can only be an entity-expansion attack.
  if (/<!DOCTYPE/i.test(xml)) throw refuse.unreadableOffice();
  let tree: XmlNode[];
  try {
    // The parser forgives unclosed elements; a document cut in the middle is refused rather than half read.
    if (XMLValidator.validate(xml) !== true) throw refuse.unreadableOffice();
    tree = xmlParser.parse(xml) as XmlNode[];
  } catch {
    throw refuse.unreadableOffice();
  }
  const out: string[] = [];
  const state: { current: string[] | null; inText: boolean } = { current: null, inText: false };
  const walk = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as XmlNode[]) {
      for (const [tag, value] of Object.entries(node)) {
        if (tag === ':@') continue;
        if (tag === '#text') {
          if (state.current && (dialect.text === 'any' || state.inText)) state.current.push(String(value));
        } else if (dialect.skip.has(tag)) {
          continue;
        } else if (dialect.spaces.has(tag)) {
          state.current?.push(' ');
        } else if (dialect.paragraphs.has(tag)) {
          const outer = state.current;
          state.current = [];
          walk(value);
          const paragraph = state.current.join('').replace(/\s+/g, ' ').trim();
          if (paragraph.length > 0) out.push(paragraph);
          state.current = outer;
        } else if (dialect.text !== 'any' && dialect.text.has(tag)) {
          const outer = state.inText;
          state.inText = true;
          walk(value);
          state.inText = outer;
        } else {
          walk(value);
        }
      }
    }
  };
  walk(tree);
  return out;
}
