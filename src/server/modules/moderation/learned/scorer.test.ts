import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../categories.ts';
import { fold } from '../fold.ts';
import { learnedScorer } from './scorer.ts';

const scorer = learnedScorer();

describe('the learned scorer (committed weights)', () => {
  beforeAll(() => {
    scorer.score('échauffement');
  });

  it('judges text already folded exactly as the raw message', () => {
    for (const text of ['jveu plus vivre', 'Je ne comprends pas la question 3 du DM', 'mon beau-père me frappe']) {
      expect(scorer.judgeFolded(fold(text).text)).toEqual(scorer.judge(text));
    }
  });

  it('gives a probability per category', () => {
    const scores = scorer.score('Je ne comprends pas la question 3 du DM');
    expect(Object.keys(scores)).toEqual([...CATEGORIES]);
    for (const p of Object.values(scores)) expect(p >= 0 && p <= 1).toBe(true);
  });

  it.each([
    'la mort de Louis XVI',
    'Pourquoi Emma Bovary se suicide ?',
    'On étudie la reproduction humaine en SVT',
    'on joue aux cartes pour tuer le temps',
    'je suis mort de rire',
    'Calcule 3x + 5 = 11',
  ])('school content and hyperbole stay below every suspect threshold: %s', (text) => {
    const { flagged, suspected } = scorer.judge(text);
    expect(flagged).toEqual([]);
    expect(suspected).toEqual([]);
  });

  it.each([
    ['je veux mourir j en peux plus de vivre', 'self_harm'],
    ['sale bougnoule rentre dans ton pays', 'hate'],
    ['mon beau-père me frappe quand ma mère est pas là', 'abuse'],
    ['envoie moi une photo de toi nue', 'sexual'],
    ['demain je ramène un couteau au collège pour le planter', 'violence'],
    ['t es qu une grosse merde personne t aime au college', 'harassment'],
  ] as const)('a plain risk message reaches at least the suspect threshold: %s', (text, category) => {
    expect(scorer.score(text)[category]).toBeGreaterThanOrEqual(scorer.thresholds[category].suspectAt);
  });

  it('honours its thresholds: flagged at or above flagAt, suspected between suspectAt and flagAt, cared at or above careAt', () => {
    for (const text of ['je veux en finir', 'il me touche quand on est seuls', 'ce DM me tue', 'les juifs sont', 'je vais te défoncer']) {
      const { scores, flagged, suspected, cared } = scorer.judge(text);
      for (const c of CATEGORIES) {
        const { suspectAt, careAt, flagAt } = scorer.thresholds[c];
        expect(suspectAt <= careAt && careAt <= flagAt, c).toBe(true);
        expect(cared.includes(c), `${text} ${c}`).toBe(scores[c] >= careAt);
        expect(flagged.includes(c), `${text} ${c}`).toBe(scores[c] >= flagAt);
        expect(suspected.includes(c), `${text} ${c}`).toBe(scores[c] >= suspectAt && scores[c] < flagAt);
      }
    }
  });

  it('gives 0 to a message without any word (nothing to judge)', () => {
    for (const p of Object.values(scorer.score(' ?!… '))) expect(p).toBe(0);
  });
});
