// The decision the chat and the audit CLI share: without a second opinion, with one that gave nothing, with a verdict.
import { describe, expect, it } from 'vitest';
import type { Category } from './categories.ts';
import { decideModeration, showsCare } from './decision.ts';
import { classifyPupilMessage } from './pupil-message.ts';

/** A learned scorer that says what the test wants, whatever the text. */
const saying = (flagged: Category[], cared: Category[] = flagged) => ({
  judgeFolded: () => ({ scores: {} as Record<Category, number>, flagged, suspected: [], cared }),
});

describe('decideModeration', () => {
  it('follows the lexicon and the school’s actions when no second opinion is asked', () => {
    const fast = classifyPupilMessage('envoie moi des photos de toi nue', saying([]));
    expect(decideModeration(fast, undefined)).toMatchObject({ categories: ['sexual'], action: 'block' });
    expect(decideModeration(fast, undefined, { sexual: 'escalate' }).action).toBe('escalate');
  });

  it('gives care without alert for a distress signal of the learned scorer alone', () => {
    const decision = decideModeration(classifyPupilMessage('Calcule 3x + 5 = 11', saying(['self_harm'])), undefined);
    expect(decision).toEqual({ categories: [], pupilHarassed: false, careFor: ['self_harm'], action: 'care' });
    expect(showsCare(decision)).toBe(true);
  });

  it('lets a verdict confirm or clear what the fast layers suspected, and cares when none came', () => {
    const fast = classifyPupilMessage('Calcule 3x + 5 = 11', saying(['self_harm']));
    expect(decideModeration(fast, { categories: ['self_harm'], confidence: 0.9 })).toMatchObject({ categories: ['self_harm'], action: 'escalate' });
    const cleared = decideModeration(fast, { categories: [], confidence: 0.95 });
    expect(cleared).toMatchObject({ categories: [], careFor: [], action: 'allow' });
    expect(showsCare(cleared)).toBe(false);
    expect(decideModeration(fast, null)).toMatchObject({ categories: [], careFor: ['self_harm'], action: 'care' });
  });

  it('shows the help numbers to a harassed pupil, not to one who insults', () => {
    expect(showsCare(decideModeration(classifyPupilMessage('on se moque de moi tous les jours au collège, ils m’insultent', saying([])), undefined))).toBe(true);
    expect(showsCare(decideModeration(classifyPupilMessage('t’es qu’un gros con', saying([])), undefined))).toBe(false);
  });
});
