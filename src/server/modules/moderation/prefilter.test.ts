import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModerationSet } from './evaluation.ts';
import { fold } from './fold.ts';
import { compilePattern } from './patterns.ts';
import { createRulePrefilter, requiredLiterals } from './prefilter.ts';
import { ABUSE_RULES } from './rules/abuse.ts';
import { HARASSMENT_RULES } from './rules/harassment.ts';
import { HATE_RULES } from './rules/hate.ts';
import { SELF_HARM_RULES } from './rules/self-harm.ts';
import { SEXUAL_RULES } from './rules/sexual.ts';
import { VIOLENCE_RULES } from './rules/violence.ts';

/** Indices of the rules that match `text` at least once, found the slow way. */
function matching(rules: readonly RegExp[], text: string): number[] {
  return rules.flatMap((re, index) => {
    re.lastIndex = 0;
    return re.test(text) ? [index] : [];
  });
}

describe('requiredLiterals', () => {
  it('spells out a finite pattern whole', () => {
    expect(requiredLiterals(/(?<![a-z])je veux (?:tuer|buter)(?![a-z])/g)?.sort()).toEqual(['je veux buter', 'je veux tuer']);
  });

  it('keeps the rarest stretch of a pattern broken by gaps', () => {
    // "je" and the gap say little; every match contains one of the verbs after " veux ".
    expect(requiredLiterals(/je(?: [a-z]+){0,3} veux (?:tuer|buter)/g)?.sort()).toEqual([' veux buter', ' veux tuer']);
  });

  it('takes the factors of every alternative when one is not finite', () => {
    expect(requiredLiterals(/(?:couteau|arme(?: [a-z]+)+)/g)?.sort()).toEqual(['arme', 'couteau']);
  });

  it('knows nothing of patterns without literals or with an alternative that has none', () => {
    expect(requiredLiterals(/[a-z]+\d*/g)).toBeNull();
    expect(requiredLiterals(/(?:tuer|[a-z]+)/g)).toBeNull();
    expect(requiredLiterals(/(?:tuer)?/g)).toBeNull();
  });

  it('uses one repetition of a repeated group, and small character classes', () => {
    expect(requiredLiterals(/(?:ha)+ [a-z]+/g)).toEqual(['ha']);
    expect(requiredLiterals(/c[ao]t/g)?.sort()).toEqual(['cat', 'cot']);
  });
});

const LEXICON = [...SELF_HARM_RULES, ...HARASSMENT_RULES, ...SEXUAL_RULES, ...VIOLENCE_RULES, ...HATE_RULES, ...ABUSE_RULES].map((r) => compilePattern(r.pattern));

describe('createRulePrefilter', () => {
  it('never leaves out a lexicon rule that matches a line of the labelled set, and leaves out most rules', () => {
    const prefilter = createRulePrefilter(LEXICON);
    let offered = 0;
    const texts = loadModerationSet().map((line) => fold(line.text).text);
    for (const text of texts) {
      const candidates = prefilter.candidates(text);
      offered += candidates.length;
      const missed = matching(LEXICON, text).filter((index) => !candidates.includes(index));
      expect(missed, text).toEqual([]);
    }
    // The point of it: a typical message runs a few rules, not the whole lexicon.
    expect(offered / texts.length).toBeLessThan(LEXICON.length * 0.1);
  });

  it('is sound on random patterns and texts made of the same words', () => {
    const words = ['je', 'veux', 'tuer', 'me', 'pendre', 'ta', 'mere', 'sale', 'con', 'conard', 'a', 'mort'];
    const word = fc.constantFrom(...words);
    // Pattern pieces: words, alternatives, optional parts, gaps of any words, repeated groups, small classes.
    const piece: fc.Arbitrary<string> = fc.oneof(
      word,
      fc.array(word, { minLength: 2, maxLength: 4 }).map((ws) => `(?:${ws.join('|')})`),
      word.map((w) => `(?:${w} )?`),
      fc.integer({ min: 0, max: 3 }).map((n) => `(?: [a-z]+){0,${n}}`),
      word.map((w) => `(?:${w})+`),
      fc.constant('[ae]'),
      fc.constant('[a-z]+'),
    );
    const pattern = fc.array(piece, { minLength: 1, maxLength: 5 }).map((ps) => new RegExp(`(?<![a-z])${ps.join(' ')}(?![a-z])`, 'g'));
    const text = fc.array(fc.oneof(word, fc.constantFrom('e', 'x', 'ae')), { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), fc.array(text, { minLength: 1, maxLength: 8 }), (rules, texts) => {
        const prefilter = createRulePrefilter(rules);
        for (const t of texts) {
          const candidates = prefilter.candidates(t);
          for (const index of matching(rules, t)) expect(candidates, `${rules[index]!.source} ~ ${t}`).toContain(index);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('always offers a rule it can say nothing about, and reads characters outside its alphabet', () => {
    const prefilter = createRulePrefilter([/[a-z]+\d*/g, /tuer/g, /é+t/g]);
    expect(prefilter.unfiltered).toBe(1);
    expect(prefilter.candidates('rien')).toEqual([0]);
    expect(prefilter.candidates('il veut tuer')).toEqual([0, 1]);
    expect(prefilter.candidates('un été')).toEqual([0, 2]);
    expect(prefilter.candidates('tu€er ét')).toEqual([0, 2]);
  });
});
