import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../eval/scenario.ts';
import type { Category } from './categories.ts';
import { classify } from './classify.ts';
import { loadModerationSet } from './evaluation.ts';
import { classifyPupilMessage } from './pupil-message.ts';
import { askedCategories, resolveWithSecondOpinion } from './second-opinion.ts';

/** A learned scorer that says what the test wants, whatever the text (what it flags reaches its care threshold too). */
const saying = (flagged: Category[], suspected: Category[] = [], cared: Category[] = flagged) => ({
  judgeFolded: () => ({ scores: {} as Record<Category, number>, flagged, suspected, cared: [...new Set([...flagged, ...cared])] }),
});

describe('classifyPupilMessage', () => {
  it('does not flag on the learned scorer alone: it asks the second opinion, and cares on a distress doubt without one', () => {
    const result = classifyPupilMessage('Je ne comprends pas la question 3 du DM', saying(['self_harm']));
    expect(result).toMatchObject({ categories: [], suspected: ['self_harm'], ambiguous: true });
    // No verdict in time: a caring answer, no flag (so no alert); a confident "nothing here" clears it.
    expect(resolveWithSecondOpinion(result, null)).toEqual({ categories: [], pupilHarassed: false, careFor: ['self_harm'] });
    expect(resolveWithSecondOpinion(result, { categories: [], confidence: 0.9 })).toEqual({ categories: [], pupilHarassed: false, careFor: [] });
    expect(resolveWithSecondOpinion(result, { categories: ['self_harm'], confidence: 0.9 }).categories).toEqual(['self_harm']);
  });

  it('names as care cues only the distress categories the learned scorer alone would flag', () => {
    expect(classifyPupilMessage('Calcule 3x + 5 = 11', saying(['self_harm', 'violence', 'abuse'])).careCues).toEqual(['self_harm', 'abuse']);
    expect(classifyPupilMessage('je veux me suicider ce soir', saying(['self_harm'])).careCues).toEqual([]);
  });

  it('cares, without flagging, for a distress category the learned scorer finds above its care threshold only', () => {
    const result = classifyPupilMessage('Calcule 3x + 5 = 11', saying([], ['self_harm', 'violence'], ['self_harm', 'violence']));
    // Above careAt but below flagAt: a care cue, settled by the second opinion when there is one; violence is not distress.
    expect(result).toMatchObject({ categories: [], suspected: ['self_harm'], alsoAsk: ['violence'], careCues: ['self_harm'] });
    expect(resolveWithSecondOpinion(result, null).careFor).toEqual(['self_harm']);
    expect(resolveWithSecondOpinion(result, { categories: [], confidence: 0.9 }).careFor).toEqual([]);
  });

  it('keeps a lexical flag as it is when both layers agree: nothing new to settle', () => {
    const lexical = classify('je veux me suicider ce soir', { author: 'pupil' });
    const result = classifyPupilMessage('je veux me suicider ce soir', saying(['self_harm']));
    expect(result.categories).toEqual(lexical.categories);
    expect(result.suspected).toEqual(lexical.suspected);
    expect(result.matches).toEqual(lexical.matches);
  });

  it('asks the second opinion about what the learned scorer only suspects, without flagging it or caring on a doubt', () => {
    const result = classifyPupilMessage('Calcule 3x + 5 = 11', saying([], ['self_harm']));
    expect(result).toMatchObject({ categories: [], suspected: [], alsoAsk: ['self_harm'], ambiguous: true });
    expect(askedCategories(result)).toEqual(['self_harm']);
    // No verdict (timeout): nothing changes; a confident "nothing here" clears it; a confirmation flags it.
    expect(resolveWithSecondOpinion(result, null)).toEqual({ categories: [], pupilHarassed: false, careFor: [] });
    expect(resolveWithSecondOpinion(result, { categories: [], confidence: 0.9 }).categories).toEqual([]);
    expect(resolveWithSecondOpinion(result, { categories: ['self_harm'], confidence: 0.9 }).categories).toEqual(['self_harm']);
  });

  it('leaves a clear homework message clear', () => {
    const result = classifyPupilMessage('Calcule 3x + 5 = 11', saying([]));
    expect(result).toMatchObject({ categories: [], suspected: [], ambiguous: false });
  });

  it('gives no care cue to ordinary homework: the tutoring scenarios and the injection corpus', async () => {
    const scenarios = await loadScenarios(new URL('../../../../eval', import.meta.url).pathname);
    const injections = JSON.parse(readFileSync(new URL('../safety/injection-corpus.fr.json', import.meta.url), 'utf8')) as { text: string }[];
    const texts = [...scenarios.flatMap((s) => s.turns.map((t) => t.text)), ...injections.map((i) => i.text)];
    expect(texts.length).toBeGreaterThan(150);
    expect(texts.filter((text) => classifyPupilMessage(text).careCues.length > 0)).toEqual([]);
  });

  it('changes no verdict of the lexicon on the labelled set, and sends a small share of benign lines to the model', () => {
    const set = loadModerationSet();
    let benign = 0;
    let asked = 0;
    for (const line of set) {
      const lexical = classify(line.text, { author: 'pupil' });
      const layered = classifyPupilMessage(line.text);
      expect(layered.categories, line.id).toEqual(lexical.categories);
      if (line.labels.length === 0) {
        benign++;
        if (layered.ambiguous) asked++;
      }
    }
    expect(asked / benign).toBeLessThan(0.12);
  });
});
