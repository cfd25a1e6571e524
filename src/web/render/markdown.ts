// Turns the tutor's markdown (untrusted: written by a model) into safe HTML with typeset maths.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { t } from '../i18n/fr.ts';
import { mathPlugin } from './math.ts';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const RELATIVE_BASE = 'https://relative.invalid/';

/** http(s) URLs and relative ones only: no javascript:, data:, vbscript:, file:, mailto:… */
export function isSafeHref(href: string): boolean {
  // Browsers drop tabs and newlines and trim control characters before reading a scheme: do the same.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (cleaned === '') return false;
  const scheme = SCHEME.exec(cleaned);
  if (scheme && !/^https?$/i.test(scheme[1]!)) return false;
  try {
    const url = new URL(cleaned, RELATIVE_BASE);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
md.validateLink = isSafeHref;
md.use(mathPlugin);

// Images are never loaded: a model could otherwise send the conversation to a server inside an image URL.
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const alt = self.renderInlineAsText(tokens[idx]!.children ?? [], options, env).trim();
  return alt ? `<span class="md-image-alt">${md.utils.escapeHtml(t('markdown.imageAlt', { alt }))}</span>` : '';
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// A DOMPurify instance of our own, so its hooks do not affect other users of the library.
let purifier: ReturnType<typeof DOMPurify> | undefined;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    const element = node;
    if (typeof element.getAttribute !== 'function') return;
    const style = element.getAttribute('style');
    if (style && /url\s*\(|expression\s*\(|@import|image-set/i.test(style)) element.removeAttribute('style');
    if (!element.hasAttribute('href')) return;
    const href = element.getAttribute('href') ?? '';
    if (element.tagName.toLowerCase() !== 'a' || !isSafeHref(href)) {
      // An <a> without href is plain text for the browser: nothing to click.
      element.removeAttribute('href');
      element.removeAttribute('target');
      return;
    }
    element.setAttribute('target', '_blank');
    element.setAttribute('rel', 'noopener noreferrer nofollow');
  });
  purifier = instance;
  return instance;
}

const PURIFY_CONFIG = {
  ADD_TAGS: ['semantics'],
  // KaTeX's MathML keeps the TeX source in <annotation>: drop it with its text rather than leave the text loose.
  ADD_FORBID_CONTENTS: ['annotation', 'annotation-xml'],
  ADD_ATTR: ['target'],
  FORBID_TAGS: [
    'img', 'image', 'picture', 'source', 'video', 'audio', 'track', 'iframe', 'frame', 'object', 'embed',
    'form', 'input', 'button', 'textarea', 'select', 'style', 'link', 'meta', 'base', 'use', 'foreignObject',
    'feImage', 'script', 'noscript', 'template',
  ],
  FORBID_ATTR: ['src', 'srcset', 'xlink:href', 'action', 'formaction', 'background', 'poster', 'ping', 'lowsrc'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

/**
 * For an answer still streaming in: cuts a formula opened ($$, \[, \() but not yet closed, so the pupil
 * sees it appear typeset once complete rather than as LaTeX source first.
 */
export function hideUnclosedMath(source: string): string {
  let open: '$$' | '\\[' | '\\(' | null = null;
  let openAt = -1;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\\') {
      const next = source[i + 1];
      if (open === null && (next === '[' || next === '(')) {
        open = next === '[' ? '\\[' : '\\(';
        openAt = i;
      } else if ((open === '\\[' && next === ']') || (open === '\\(' && next === ')')) {
        open = null;
      }
      i++; // an escaped character never opens nor closes anything else
      continue;
    }
    if (source[i] === '$' && source[i + 1] === '$') {
      if (open === null) {
        open = '$$';
        openAt = i;
      } else if (open === '$$') {
        open = null;
      }
      i++;
    }
  }
  return open === null ? source : source.slice(0, openAt);
}

/** Safe HTML for a markdown text. Works on partial text (an answer still streaming in) without throwing. */
export function renderMarkdown(source: string): string {
  let html: string;
  try {
    html = md.render(source);
  } catch {
    html = `<p>${md.utils.escapeHtml(source)}</p>`;
  }
  return getPurifier().sanitize(html, PURIFY_CONFIG);
}
