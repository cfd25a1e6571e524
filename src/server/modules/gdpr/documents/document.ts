// One small document model for the register, the AIPD and the notice, rendered to Markdown and to PDF, so
// both formats always say the same thing.
import { createHash } from 'node:crypto';

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; header: [string, string]; rows: [string, string][] }
  /** Something the school or the DPO must fill in or check: shown in italics. */
  | { type: 'todo'; text: string };

export interface GdprDocument {
  kind: 'register' | 'aipd' | 'notice-pupil' | 'notice-full' | 'export';
  title: string;
  subtitle: string;
  blocks: Block[];
}

/**
 * Values typed by admins (school name, DPO…) must not turn into Markdown links, tables or emphasis. Code
 * spans and underscores are left alone: the texts quote commands, and file names keep their `_`.
 */
function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\*[\]<>|])/g, '\\$1');
}

export function toMarkdown(doc: GdprDocument): string {
  const out: string[] = [`# ${escapeInline(doc.title)}`, '', `_${escapeInline(doc.subtitle)}_`, ''];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`${'#'.repeat(block.level + 1)} ${escapeInline(block.text)}`, '');
        break;
      case 'paragraph':
        out.push(escapeInline(block.text), '');
        break;
      case 'todo':
        out.push(`_${escapeInline(block.text)}_`, '');
        break;
      case 'list':
        for (const item of block.items) out.push(`- ${escapeInline(item)}`);
        out.push('');
        break;
      case 'table':
        out.push(`| ${block.header.map(escapeInline).join(' | ')} |`, '| --- | --- |');
        for (const row of block.rows) out.push(`| ${row.map(escapeInline).join(' | ')} |`);
        out.push('');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Changes whenever the wording or a value in it changes: the notice's version number. */
export function documentVersion(doc: GdprDocument): string {
  return createHash('sha256').update(JSON.stringify(doc.blocks)).digest('hex').slice(0, 12);
}
