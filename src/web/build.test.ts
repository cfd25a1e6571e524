// Builds the web client and checks the browser-side half of invariant 1: the page loads nothing from
// outside the server (no CDN, no external fonts, no inline scripts, no data: assets the CSP would block).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const configFile = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
let outDir = '';
const files = new Map<string, string>();

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))),
  );
  return nested.flat();
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tuteur-web-build-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: build as in production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, root: webRoot, mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  for (const path of await walk(outDir)) {
    if (/\.(html|js|css|svg)$/.test(path)) files.set(path.slice(outDir.length + 1), await readFile(path, 'utf8'));
    else files.set(path.slice(outDir.length + 1), '');
  }
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** XML namespace names and documentation links inside error texts are identifiers, never fetched. */
const NOT_FETCHED = [/^http:\/\/www\.w3\.org\//, /^https:\/\/react\.dev\/errors\//, /^https:\/\/relative\.invalid\/$/];

describe('web build', () => {
  it('produces index.html with external script and style files only', () => {
    const html = files.get('index.html');
    expect(html).toBeDefined();
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"><\/script>/);
    // No inline script: the CSP is script-src 'self'.
    expect(html!.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(html).not.toMatch(/<style/);
  });

  it('bundles the KaTeX fonts as files of the server', () => {
    const fonts = [...files.keys()].filter((name) => /KaTeX_.*\.woff2$/.test(name));
    expect(fonts.length).toBeGreaterThan(10);
    const css = [...files].filter(([name]) => name.endsWith('.css')).map(([, text]) => text).join('\n');
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url, url).toMatch(/^\/assets\//);
  });

  it('references no external host and no data: asset', () => {
    for (const [name, text] of files) {
      if (!text) continue;
      for (const match of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi)) {
        const url = match[0];
        if (!url.startsWith('http')) continue; // "//" inside code or comments, not a URL
        expect(NOT_FETCHED.some((allowed) => allowed.test(url)), `${name}: ${url}`).toBe(true);
      }
      if (name.endsWith('.css')) expect(text, name).not.toMatch(/url\(\s*['"]?data:/);
      expect(text, name).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs/);
    }
  });
});
