// The incremental watcher against the implementation it replaced (kept here only as the oracle): on streams made
// of the moderation data set's lines, cut into random tokens, it stops at the same token or earlier, never later.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category } from './categories.ts';
import { classify } from './classify.ts';
import { fold } from './fold.ts';
import { createOutputWatcher } from './output-watcher.ts';

const ALL: readonly Category[] = ['self_harm', 'harassment', 'sexual', 'violence', 'hate', 'abuse'];
const LINES = readFileSync(new URL('./data/moderation-fr.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** The previous watcher: folds and classifies the whole 240-character window at every check (flag rule of today). */
function oldWatcherStop(tokens: readonly string[]): number {
  const SEPARATOR = /[\s.,;:!?…'’"«»()[\]{}-]/;
  const SENTENCE_END = /[.!?…\n]/;
  let text = '';
  let checkedUpTo = 0;
  const judge = (upTo: number): boolean => {
    let from = Math.max(0, checkedUpTo - 240);
    while (from > 0 && from < upTo && !SEPARATOR.test(text[from - 1]!)) from++;
    const before = checkedUpTo;
    checkedUpTo = upTo;
    // Same rule as the watcher: a flag needs a match in the new text (old words were judged with more context).
    const result = classify(text.slice(from, upTo), { author: 'assistant' });
    return result.categories.some((c) => ALL.includes(c) && result.matches.some((m) => m.category === c && from + m.end > before));
  };
  for (let i = 0; i < tokens.length; i++) {
    text += tokens[i];
    let boundary = text.length;
    while (boundary > checkedUpTo && !SEPARATOR.test(text[boundary - 1]!)) boundary--;
    const newChars = boundary - checkedUpTo;
    if (newChars <= 0 || (newChars < 24 && !SENTENCE_END.test(tokens[i]!))) continue;
    if (judge(boundary)) return i;
  }
  return checkedUpTo < text.length && judge(text.length) ? tokens.length : Infinity;
}

function newWatcherStop(tokens: readonly string[]): number {
  const watcher = createOutputWatcher(() => undefined);
  for (let i = 0; i < tokens.length; i++) if (watcher.push(tokens[i]!)) return i;
  return watcher.end() ? tokens.length : Infinity;
}

function cutAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const tokens: string[] = [];
  let last = 0;
  for (const p of [...points, text.length]) {
    if (p > last) tokens.push(text.slice(last, p));
    last = p;
  }
  return tokens;
}

const stream = fc
  .record({
    lines: fc.array(fc.integer({ min: 0, max: LINES.length - 1 }), { minLength: 1, maxLength: 8 }),
    joiners: fc.array(fc.constantFrom(' ', '\n', '. ', ' : ', '\n\n'), { minLength: 8, maxLength: 8 }),
    cuts: fc.array(fc.nat(), { maxLength: 200 }),
  })
  .map(({ lines, joiners, cuts }) => {
    const text = lines.map((l, i) => LINES[l]! + (joiners[i] ?? ' ')).join('');
    return cutAt(text, cuts);
  });

describe('incremental output watcher', () => {
  it('stops at the same token as the old whole-window check, or earlier, never later', () => {
    fc.assert(
      fc.property(stream, (tokens) => {
        const before = oldWatcherStop(tokens);
        expect(newWatcherStop(tokens)).toBeLessThanOrEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('flags every flagged line of the data set, alone, whatever the token cuts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LINES.length - 1 }), fc.array(fc.nat(), { maxLength: 40 }), (line, cuts) => {
        const text = LINES[line]!;
        const whole = classify(text, { author: 'assistant' }).categories.length > 0;
        if (whole) expect(newWatcherStop(cutAt(text, cuts))).toBeLessThan(Infinity);
      }),
      { numRuns: 600 },
    );
  });

  it('folds a text piece by piece to the same folded text as all at once', () => {
    // The watcher's cut rule, checked directly: folding each side of a space after two letters gives the same text.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: LINES.length - 1 }), { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.map((l) => LINES[l]!).join(' ');
        const pieces = text.split(/(?<=[A-Za-z0-9]{2})[ \t\n\r]/);
        expect(pieces.map((p) => fold(p).text).filter((t) => t !== '').join(' ')).toBe(fold(text).text);
      }),
      { numRuns: 400 },
    );
  });
});
