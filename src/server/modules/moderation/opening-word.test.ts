import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerRuleExpressions, classify } from './classify.ts';
import { openingWordMayShow } from './opening-word.ts';

const SEPARATORS = /[\s.,;:!?…'’"«»()[\]{}-]+/;
const datasetWords = readFileSync(new URL('./data/moderation-fr.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(SEPARATORS));
const lexiconWords = ['patterns.ts', 'rules/self-harm.ts', 'rules/harassment.ts', 'rules/sexual.ts', 'rules/violence.ts', 'rules/hate.ts', 'rules/abuse.ts'].flatMap(
  (file) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').match(/[a-z]{2,}/g) ?? [],
);
const words = [...new Set([...datasetWords, ...lexiconWords])].filter((w) => w !== '');
/** Words that flag an answer made of them alone: the ones whose beginning must never be shown early. */
const harmfulAlone = words.filter((w) => classify(w, { author: 'assistant' }).categories.length > 0);

const prefixes = (word: string) => [...word].map((_, i, chars) => chars.slice(0, i + 1).join(''));

describe('opening word', () => {
  it('never shows the beginning of a word that flags an answer by itself', () => {
    // The data set's words and the lexicon's own words: enough to cover every kind of rule (checked below).
    expect(harmfulAlone.length).toBeGreaterThan(100);
    for (const word of harmfulAlone) for (const p of prefixes(word)) expect(openingWordMayShow(p), `${p} (${word})`).toBe(false);
  });

  it('shows the usual first words of an answer as they come', () => {
    for (const word of ['Bonjour', 'Très', 'Alors', 'Salut', 'Voici', 'Excellente', 'Regardons', 'Commençons', 'Oui']) {
      expect(openingWordMayShow(word), word).toBe(true);
    }
    // "Sal" may still become "salope": held until a letter rules that out.
    expect(openingWordMayShow('Sal')).toBe(false);
    expect(openingWordMayShow('Salu')).toBe(true);
    // Most words of real messages begin no harmful word.
    const sample = datasetWords.filter((w) => /^\p{L}{3,}$/u.test(w)).slice(0, 2000);
    expect(sample.filter(openingWordMayShow).length / sample.length).toBeGreaterThan(0.8);
  });

  it('holds what folding could still turn into another word', () => {
    // Digits and symbols read as letters, emoji read as words, invisible characters, combining accents.
    for (const p of ['su1', 'b4', 's@', 'x🔪', '🔫', 'ab\u200b', 'e\u0301', 'abc3']) expect(openingWordMayShow(p), p).toBe(false);
    // SMS abbreviations a rule reads once spelt out ("nt" → "ntm", "nique ta mère"), "j" glued to the next word,
    // known misspellings.
    for (const p of ['j', 'J', 'jp', 'nt', 'ntm', 'tg', 'suisi', 'harse']) expect(openingWordMayShow(p), p).toBe(false);
    expect(openingWordMayShow('')).toBe(false);
    // An abbreviation no rule reads is no reason to wait: "ju" may become "jui" ("je suis"), "tk" "tkt".
    expect(openingWordMayShow('ju')).toBe(true);
    expect(openingWordMayShow('tk')).toBe(true);
  });

  it('relies on every rule starting at a word boundary, so a match never starts inside the first word', () => {
    for (const re of answerRuleExpressions()) expect(re.source.startsWith('(?<![a-z0-9])')).toBe(true);
  });

  it('whatever the first word becomes, a word shown early never flags by itself', () => {
    const tails = [...new Set(harmfulAlone.flatMap((w) => prefixes(w).map((p) => w.slice(p.length))))];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdeéilmnoprstuvxz'), minLength: 1, maxLength: 5 }), fc.constantFrom(...tails), (start, tail) => {
        if (!openingWordMayShow(start)) return;
        expect(classify(start + tail, { author: 'assistant' }).categories).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});
