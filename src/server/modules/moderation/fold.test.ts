// Folding: how teenagers' spellings come back to the lexicon's, and how folded offsets map to the original.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from './fold.ts';

describe('fold', () => {
  it.each([
    ["J'veux m0urir!!", 'j veux mourir'],
    ['su1c1de', 'suicide'],
    ['s u i c i d e r', 'suicider'],
    ['t-u-e-r le prof', 'tuer le prof'],
    ["s u i c i d e c'est", 'suicide c est'],
    ['j.v.e.u.x m.o.u.r.i.r', 'je veux mourir'],
    ['chui fatiguée', 'je suis fatigue'],
    ['jpp de ma vie', 'j en peux plus de ma vie'],
    ['jveuuux mourirrrr', 'je veux mourir'],
    ['m0n p3r3 m3 fr4pp3', 'mon pere me frape'],
    ['Œdipe', 'oedipe'],
    ['ＳＵＩＣＩＤＥ', 'suicide'],
    ['sui\u200bcide', 'suicide'],
    ['je vais te 🔪', 'je vais te couteau'],
    ['jme fais harceler', 'je me fais harceler'],
    ['je pense au suiside', 'je pense au suicide'],
    ['tkt', 't inquiete'],
  ])('%s → %s', (input, folded) => {
    expect(fold(input).text).toBe(folded);
  });

  it('leaves numbers that lead a word alone (ages, times, class names)', () => {
    expect(fold("j'ai 13ans, à 14h30, en 2nde").text).toBe('j ai 13ans a 14h30 en 2nde');
    expect(fold('3 pommes et 1 poire').text).toBe('3 pomes et 1 poire');
  });

  it('maps every folded character back to a span of the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (input) => {
        const f = fold(input);
        expect(f.start).toHaveLength(f.text.length);
        for (let i = 0; i < f.text.length; i++) {
          expect(f.start[i]).toBeGreaterThanOrEqual(0);
          expect(f.end[i]).toBeLessThanOrEqual(input.length);
          expect(f.start[i]).toBeLessThan(f.end[i]!);
          if (i > 0) expect(f.start[i]).toBeGreaterThanOrEqual(f.start[i - 1]!);
        }
      }),
    );
  });
});
