import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerRuleExpressions } from './classify.ts';
import { compilePattern } from './patterns.ts';
import { createOneWordMatcher } from './rule-automaton.ts';

const matcherOf = (...patterns: string[]) => createOneWordMatcher(patterns.map(compilePattern));

describe('one-word matcher', () => {
  it('says which letters can begin a one-word match, and which cannot', () => {
    // Patterns and text meet folded: "conne" is written "cone" on both sides (letter runs collapsed).
    const m = matcherOf('(?:con|conne|cretin)');
    for (const yes of ['c', 'co', 'con', 'cone', 'cr', 'cretin']) expect(m.couldBeginOneWordMatch(yes), yes).toBe(true);
    for (const no of ['x', 'ca', 'conb', 'cones', 'cretins']) expect(m.couldBeginOneWordMatch(no), no).toBe(false);
  });

  it('follows open word endings and optional letters', () => {
    const m = matcherOf('fractur[a-z]*', 'couteaux?');
    expect(m.couldBeginOneWordMatch('fracturerions')).toBe(true);
    expect(m.couldBeginOneWordMatch('couteau')).toBe(true);
    expect(m.couldBeginOneWordMatch('couteaux')).toBe(true);
    expect(m.couldBeginOneWordMatch('couteaud')).toBe(false);
  });

  it('leaves out whatever must read a space: a phrase is never one word', () => {
    const m = matcherOf('sale {W}', 'va te pendre', '(?:tu )?tuer', '{JE} veux{ADV} mourir');
    expect(m.couldBeginOneWordMatch('s')).toBe(false);
    expect(m.couldBeginOneWordMatch('va')).toBe(false);
    expect(m.couldBeginOneWordMatch('je')).toBe(false);
    // The optional "tu " is skipped, and "tuer" alone is a match.
    expect(m.couldBeginOneWordMatch('tu')).toBe(true);
    expect(matcherOf('sale {W}', 'va te pendre').states).toBeLessThan(20);
  });

  it('errs towards "could": look-arounds are left out', () => {
    // The rule never matches "lame de patin", but one word beginning "lame" is still a possible match.
    expect(matcherOf('lames?(?! de patins?)').couldBeginOneWordMatch('lame')).toBe(true);
  });

  it('refuses what it cannot read faithfully', () => {
    expect(() => createOneWordMatcher([/(a)\1/g])).toThrow(/unsupported/);
    expect(() => createOneWordMatcher([/con/gi])).toThrow(/caseless/);
    expect(() => createOneWordMatcher([/a{0,500}/g])).toThrow(/too long/);
    expect(() => matcherOf('con').couldBeginOneWordMatch('c o')).toThrow(/letters and digits/);
  });

  it('agrees with the engine on every rule judged in answers: a word a rule matches whole has every prefix flagged', () => {
    const rules = answerRuleExpressions();
    const m = createOneWordMatcher(rules);
    // Words made of the lexicon's own letters and pieces, so that real matches come up.
    const pieces = ['con', 'nard', 'sui', 'cide', 'viol', 'pute', 'merde', 'ne', 'gre', 'abruti', 'pd', 'fdp', 'idiot', 'porno', 's', 'e', 'r', 'x', 'a', '4', '0'];
    let matched = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 }), (parts) => {
        const word = parts.join('');
        const whole = rules.some((re) => {
          re.lastIndex = 0;
          const found = re.exec(word);
          return found !== null && found.index === 0 && found[0].length === word.length;
        });
        if (!whole) return;
        matched++;
        for (let i = 1; i <= word.length; i++) expect(m.couldBeginOneWordMatch(word.slice(0, i)), word.slice(0, i)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The property did meet real matches (not a test that cannot fail).
    expect(matched).toBeGreaterThan(50);
  });
});
