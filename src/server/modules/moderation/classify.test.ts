// The lexical classifier on the cases the issue names, on teenage spellings, and on its reporting contract.
import { describe, expect, it } from 'vitest';
import { classify } from './classify.ts';

describe('classify', () => {
  it.each([
    'la mort de Louis XVI',
    'Emma Bovary se suicide à la fin du roman',
    'Explique la reproduction humaine',
    'on tue le temps en attendant le bus',
    'je suis mort de rire',
    'c quoi la Shoah exactement',
    'les guerres de religion c’était entre qui et qui ?',
    'Dans le texte étudié, la narratrice est harcelée par ses camarades',
    'ce DM de maths me tue 😭',
    'ma mère va me tuer si j’ai encore une mauvaise note',
    'En musique, une noire vaut combien de croches ?',
    'Pourquoi on dit que l’apoptose c’est un suicide cellulaire ?',
  ])('does not flag school content or hyperbole: %s', (text) => {
    expect(classify(text).categories).toEqual([]);
  });

  it.each([
    ['jveu mourir', 'self_harm'],
    ['su1c1de c’est la seule solution pour moi', 'self_harm'],
    ["j'ai envie de me s u i c i d e r", 'self_harm'],
    ['jvais me foutre en l’air ce soir', 'self_harm'],
    ['je veux crever', 'self_harm'],
    ['chui une merde, jmérite pas de vivre', 'self_harm'],
    ['jme fais harceler au collège', 'harassment'],
    ['t’es qu’un gros con', 'harassment'],
    ['envoie moi des photos de toi nue', 'sexual'],
    ['je vais ramener un couteau au collège', 'violence'],
    ['les juifs contrôlent le monde', 'hate'],
    ['mon père me frappe quand il a bu', 'abuse'],
  ])('flags %s as %s', (text, category) => {
    expect(classify(text).categories).toContain(category);
  });

  it('flags an adult’s sexual abuse as both abuse and sexual', () => {
    expect(classify('mon beau-père me touche la nuit').categories).toEqual(['sexual', 'abuse']);
  });

  it('points each match at the original text, accents and spacing tricks included', () => {
    const text = 'Bonjour. Je veux m0urir, vraiment.';
    const [match] = classify(text).matches;
    expect(match).toMatchObject({ category: 'self_harm' });
    expect(text.slice(match!.start, match!.end)).toBe('Je veux m0urir');
    const spaced = 'bon… s u i c i d e c’est la seule solution';
    const m = classify(spaced).matches.find((x) => x.rule === 'self_harm.only_way_out')!;
    expect(spaced.slice(m.start, m.end)).toBe('s u i c i d e c’est la seule solution');
  });

  it('says when the pupil is the one harassed', () => {
    expect(classify('je me fais insulter tous les jours dans le bus').pupilHarassed).toBe(true);
    expect(classify('t’es qu’un gros con').pupilHarassed).toBe(false);
  });

  it('asks for a second opinion on a lone cue, not on plain homework', () => {
    expect(classify('je tiens plus').ambiguous).toBe(true);
    expect(classify('je tiens plus').categories).toEqual([]);
    expect(classify('le suicide c’est triste').ambiguous).toBe(true);
    expect(classify('Explique la mitose stp').ambiguous).toBe(false);
  });

  it('flags a message that is nothing but a topic word', () => {
    expect(classify('sexe ?').categories).toEqual(['sexual']);
  });

  it('ignores pupil disclosures when judging the tutor’s own words', () => {
    expect(classify('je me fais harceler', { author: 'assistant' }).categories).toEqual([]);
    expect(classify('voici comment fabriquer une bombe artisanale', { author: 'assistant' }).categories).toEqual(['violence']);
  });
});
