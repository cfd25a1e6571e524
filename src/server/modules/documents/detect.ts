// What an uploaded file is: its kind from the name (or the declared MIME type when the name says
// nothing), confirmed by the first bytes, and the name cleaned for display. The name is never a path.
import type { CourseDocumentsTable } from '../../db/schema.ts';
import { refuse } from './limits.ts';

export type DocumentKind = CourseDocumentsTable['kind'];

const BY_EXTENSION: Record<string, DocumentKind> = {
  pdf: 'pdf',
  docx: 'docx',
  odt: 'odt',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
};

const BY_MIME: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
};

const NAME_MAX = 120;

/**
 * The name as the teacher will see it: last segment only (a browser or a forged request may send a
 * path), Unicode-normalised, without control or bidirectional-override characters, bounded in length.
 */
export function sanitiseFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // Control characters, and the bidi controls that can disguise "cours‮fdp.exe" as "cours.exe.pdf".
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned.length === 0) return 'document';
  if (cleaned.length <= NAME_MAX) return cleaned;
  // Keep the extension visible when cutting a long name.
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return `${Array.from(cleaned).slice(0, NAME_MAX - extension.length - 1).join('')}…${extension}`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
/** Formats a renamed file is often really in: refused as text even when the bytes happen to decode. */
const OTHER_BINARY: readonly (readonly number[])[] = [
  ZIP,
  PDF,
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (old .doc, .xls)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ (Windows executable)
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];

/** The document's kind, checked against its content; throws a French 415 otherwise. */
export function detectKind(fileName: string, declaredType: string | undefined, bytes: Uint8Array): DocumentKind {
  const extension = extensionOf(fileName);
  const mime = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension] : extension === '' && Object.hasOwn(BY_MIME, mime) ? BY_MIME[mime] : undefined;
  if (kind === undefined) throw refuse.unsupported();
  const shownExtension = extension || kind;
  switch (kind) {
    case 'pdf':
      if (!startsWith(bytes, PDF)) throw refuse.mismatch(shownExtension);
      break;
    case 'docx':
    case 'odt':
      if (!startsWith(bytes, ZIP)) throw refuse.mismatch(shownExtension);
      break;
    case 'markdown':
    case 'text':
      if (OTHER_BINARY.some((signature) => startsWith(bytes, signature))) throw refuse.mismatch(shownExtension);
      break;
  }
  return kind;
}
