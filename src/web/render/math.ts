// markdown-it plugin for maths: $…$ and \(…\) inline, $$…$$ and \[…\] display, typeset with KaTeX.
import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

/** Longest formula typeset; longer ones are shown as source text (a model looping must not freeze the page). */
export const MAX_TEX_LENGTH = 5000;

const KATEX_OPTIONS = {
  throwOnError: false,
  // No \href, \url, \includegraphics, \htmlClass, \htmlData…: the model's output is untrusted.
  trust: false,
  strict: 'ignore',
  maxExpand: 500,
  maxSize: 20,
  output: 'htmlAndMathml',
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderTex(tex: string, displayMode: boolean): string {
  const source = tex.trim();
  if (source.length > MAX_TEX_LENGTH) {
    return `<code class="math-source">${escapeHtml(source)}</code>`;
  }
  try {
    return katex.renderToString(source, { ...KATEX_OPTIONS, displayMode });
  } catch {
    // throwOnError:false covers parse errors; anything else (limits reached) falls back to the source.
    return `<code class="math-source">${escapeHtml(source)}</code>`;
  }
}

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

function isWhitespace(code: number | undefined): boolean {
  return code === undefined || code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 0x30 && code <= 0x39;
}

/** Index of `close` in src from `from`, skipping backslash-escaped characters; -1 when absent. */
function findClosing(src: string, from: number, close: string): number {
  for (let i = from; i < src.length; i++) {
    if (src.startsWith(close, i)) return i;
    if (src.charCodeAt(i) === BACKSLASH) i++;
  }
  return -1;
}

function pushMath(state: StateInline, content: string, display: boolean): void {
  const token = state.push(display ? 'math_inline_display' : 'math_inline', 'math', 0);
  token.content = content;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  const first = src.charCodeAt(pos);
  const scope = src.slice(0, posMax);

  if (first === BACKSLASH) {
    const kind = src[pos + 1];
    if (kind !== '(' && kind !== '[') return false;
    const close = kind === '(' ? '\\)' : '\\]';
    const end = findClosing(scope, pos + 2, close);
    if (end === -1) return false;
    if (!silent) pushMath(state, scope.slice(pos + 2, end), kind === '[');
    state.pos = end + 2;
    return true;
  }

  if (first !== DOLLAR) return false;

  if (src.charCodeAt(pos + 1) === DOLLAR) {
    const end = findClosing(scope, pos + 2, '$$');
    if (end === -1 || scope.slice(pos + 2, end).trim() === '') return false;
    if (!silent) pushMath(state, scope.slice(pos + 2, end), true);
    state.pos = end + 2;
    return true;
  }

  // $…$ follows Pandoc's rule so prices and lone dollars stay text: no space just inside the dollars,
  // and no digit right after the closing one.
  if (isWhitespace(src.charCodeAt(pos + 1))) return false;
  let end = pos + 1;
  for (;;) {
    end = findClosing(scope, end, '$');
    if (end === -1) return false;
    if (!isWhitespace(scope.charCodeAt(end - 1)) && !isDigit(scope.charCodeAt(end + 1))) break;
    end++;
  }
  if (end === pos + 1) return false;
  if (!silent) pushMath(state, scope.slice(pos + 1, end), false);
  state.pos = end + 1;
  return true;
}

/** Display maths on lines of their own: "$$" or "\[" opening a line, closed on the same or a later line. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false; // indented code
  const lineText = (line: number) => state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);

  const opening = lineText(startLine);
  let close: string;
  if (opening.startsWith('$$')) close = '$$';
  else if (opening.startsWith('\\[')) close = '\\]';
  else return false;

  const rest = opening.slice(2).trimEnd();
  let content: string;
  let lastLine = startLine;
  if (rest.length >= close.length && rest.endsWith(close)) {
    content = rest.slice(0, -close.length);
    if (content.includes(close)) return false; // "$$a$$ text $$b$$": inline maths in a paragraph
  } else {
    if (rest.includes(close)) return false; // text after the closing marker: a paragraph, handled inline
    const lines = [rest];
    let found = false;
    for (let line = startLine + 1; line < endLine; line++) {
      if (state.sCount[line]! < state.blkIndent) break; // left the enclosing list item or quote
      const text = lineText(line).trimEnd();
      if (text === '') break; // a blank line ends an unclosed formula: leave it as text
      if (text.endsWith(close)) {
        lines.push(text.slice(0, -close.length));
        lastLine = line;
        found = true;
        break;
      }
      if (text.includes(close)) break;
      lines.push(text);
    }
    // Not closed (yet, while the answer streams in): plain text until the closing marker arrives.
    if (!found) return false;
    content = lines.join('\n');
  }
  if (content.trim() === '') return false;
  if (silent) return true;

  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.markup = close;
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => renderTex(tokens[idx]!.content, false);
  md.renderer.rules.math_inline_display = (tokens, idx) =>
    `<span class="math-display">${renderTex(tokens[idx]!.content, true)}</span>`;
  md.renderer.rules.math_block = (tokens, idx) =>
    `<div class="math-display">${renderTex(tokens[idx]!.content, true)}</div>\n`;
}
