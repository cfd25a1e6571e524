import { describe, expect, it } from 'vitest';
import { PASSAGE_MAX_CHARS, splitIntoPassages } from './passages.ts';
import { createPassageIndex, normaliseTerm } from './search.ts';

describe('passages', () => {
  it('groups short paragraphs, keeps long ones apart, and cuts very long ones between sentences', () => {
    const sentence = 'Une phrase de cours assez longue pour compter dans la taille du passage. ';
    const long = sentence.repeat(40).trim();
    const passages = splitIntoPassages(['Chapitre 1', 'Introduction courte.', long, 'Fin.']);
    expect(passages[0]).toBe('Chapitre 1\nIntroduction courte.');
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
    // Cut at sentence ends: every piece of the long paragraph ends with a full stop.
    for (const passage of passages.slice(1, -1)) expect(passage.trimEnd()).toMatch(/\.$/);
    expect(passages.join(' ').replace(/\s+/g, ' ')).toContain('Fin.');
    expect(passages.join(' ').split('Une phrase').length - 1).toBe(40);
  });

  it('cuts a sentence without any punctuation between words', () => {
    const passages = splitIntoPassages([`${'mot '.repeat(600)}`.trim()]);
    expect(passages.length).toBeGreaterThan(2);
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
  });
});

describe('French search over passages', () => {
  const passages = [
    { documentId: 'd1', documentName: 'Cours chapitre 3.pdf', passage: 1, text: 'La Révolution française commence en 1789 avec la prise de la Bastille.' },
    { documentId: 'd1', documentName: 'Cours chapitre 3.pdf', passage: 2, text: 'La photosynthèse : les végétaux chlorophylliens captent l’énergie lumineuse.' },
    { documentId: 'd2', documentName: 'Fiche.md', passage: 1, text: 'Le théorème de Pythagore : dans un triangle rectangle, le carré de l’hypoténuse est égal à la somme des carrés des deux autres côtés.' },
  ];
  const index = createPassageIndex(passages);

  it('ignores case, accents, elisions and plurals', () => {
    expect(normaliseTerm('Énergies')).toBe('energie');
    expect(normaliseTerm('les')).toBeNull();
    expect(index.search('je comprends pas le theoreme de pythagore', { limit: 3, maxChars: 2400 }).map((h) => [h.documentName, h.passage])).toEqual([['Fiche.md', 1]]);
    expect(index.search('HYPOTENUSE des triangles', { limit: 3, maxChars: 2400 })[0]?.passage).toBe(1);
    expect(index.search('c’est quoi l’énergie lumineuse ?', { limit: 3, maxChars: 2400 })[0]).toMatchObject({ documentName: 'Cours chapitre 3.pdf', passage: 2 });
  });

  it('finds nothing for a message about nothing in the course', () => {
    expect(index.search('bonjour, comment ça va ?', { limit: 3, maxChars: 2400 })).toEqual([]);
  });

  it('bounds the number of passages and their total size', () => {
    const many = createPassageIndex(Array.from({ length: 10 }, (_, i) => ({ documentId: 'd', documentName: 'D', passage: i + 1, text: `volcan ${'lave '.repeat(100)}` })));
    const hits = many.search('volcan', { limit: 3, maxChars: 1200 });
    expect(hits.length).toBe(2);
    expect(hits.reduce((sum, h) => sum + h.text.length, 0)).toBeLessThanOrEqual(1200);
  });
});
