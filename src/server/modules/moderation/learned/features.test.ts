import { describe, expect, it } from 'vitest';
import { bigramHash, foldedFeatures, messageFeatures, wordHash } from './features.ts';

describe('learned features', () => {
  it('hashes are pinned: a change here silently invalidates the committed weights', () => {
    // FNV-1a 32-bit of "a" with the standard offset basis (the word seed) is the published test vector.
    expect(wordHash('a')).toBe(0xe40c292c);
    expect(wordHash('mort')).toBe(wordHash('la mort', 3, 7));
    // "je" then its framed n-grams "<je", "<je>", "je>" (in order of start, then length).
    expect(foldedFeatures('je suis').slice(0, 4)).toEqual([1748988872, 216253176, 277585330, 3257832244]);
  });

  it('gives words, ordered bigrams and the 3- to 5-grams of each framed word', () => {
    const f = foldedFeatures('tu es');
    // "tu": word + "<tu" "<tu>" "tu>" (4); "es": word + bigram + "<es" "<es>" "es>" (5).
    expect(f).toHaveLength(9);
    expect(f).toContain(bigramHash(wordHash('tu'), wordHash('es')));
    expect(bigramHash(wordHash('tu'), wordHash('es'))).not.toBe(bigramHash(wordHash('es'), wordHash('tu')));
    // "mourir" framed is 8 characters: 6 trigrams, 5 four-grams, 4 five-grams.
    expect(foldedFeatures('mourir')).toHaveLength(1 + 6 + 5 + 4);
  });

  it('keeps the word and the same characters as distinct features', () => {
    const word = wordHash('mort');
    expect(foldedFeatures('mort').filter((h) => h === word)).toHaveLength(1);
  });

  it('is computed on the folded message: accents, case, leetspeak and spacing tricks do not change it', () => {
    const plain = messageFeatures('je vais me tuer');
    expect(messageFeatures('Je vais me TUER !!')).toEqual(plain);
    expect(messageFeatures('je vais me t.u.e.r')).toEqual(plain);
    expect(messageFeatures('jvais me tu3r')).toEqual(plain);
    expect(messageFeatures('élève')).toEqual(messageFeatures('eleve'));
  });

  it('gives nothing for a message without words', () => {
    expect(messageFeatures('')).toEqual([]);
    expect(messageFeatures(' ?! ... ')).toEqual([]);
  });
});
