import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../categories.ts';
import { messageFeatures } from './features.ts';
import { createLogOdds, fitCalibration, sigmoid, train, WEIGHT_STEP, type TrainingExample } from './model.ts';
import { packWeights, unpackModel, type CategoryThresholds } from './weights.ts';

const lines: [string, Category[]][] = [
  ['je veux mourir', ['self_harm']],
  ['j ai envie de mourir ce soir', ['self_harm']],
  ['je vais me tuer', ['self_harm']],
  ['sale con je vais te frapper', ['harassment', 'violence']],
  ['la mort de Louis XVI en 1793', []],
  ['Emma Bovary meurt empoisonnée', []],
  ['exercice de maths sur les fractions', []],
  ['la guerre de Cent Ans', []],
];
const examples: TrainingExample[] = lines.map(([text, labels]) => ({ features: messageFeatures(text), labels }));

describe('learned model', () => {
  it('trains deterministically: same data, same model', () => {
    expect(train(examples)).toEqual(train(examples));
    expect(train([...examples])).toEqual(train(examples));
  });

  it('learns the cues of each category from the labelled lines', () => {
    const logOdds = createLogOdds(train(examples));
    const k = CATEGORIES.indexOf('self_harm');
    expect(logOdds(messageFeatures('envie de mourir'))[k]).toBeGreaterThan(logOdds(messageFeatures('exercice sur la guerre'))[k]!);
    // A category without any positive line never outscores its prior on a benign line.
    const abuse = CATEGORIES.indexOf('abuse');
    expect(logOdds(messageFeatures('la guerre de Cent Ans'))[abuse]).toBeLessThanOrEqual(logOdds([])[abuse]!);
  });

  it('stores weights as signed steps, and the packed file gives back the same model', () => {
    const model = train(examples);
    for (const c of CATEGORIES) for (const w of model.features[c]) expect(Number.isInteger(w) && Math.abs(w) <= 127).toBe(true);
    const thresholds = Object.fromEntries(CATEGORIES.map((c) => [c, { suspectAt: 0.2, careAt: 0.5, flagAt: 0.8 }])) as Record<Category, CategoryThresholds>;
    const calibration = Object.fromEntries(CATEGORIES.map((c) => [c, { a: 1, b: 0 }])) as Record<Category, { a: number; b: number }>;
    const file = packWeights(model, calibration, thresholds, { lines: examples.length, options: { alpha: 0.03 } });
    expect(unpackModel(file)).toEqual(model);
    expect(WEIGHT_STEP).toBeGreaterThan(0);
  });

  it('fits a monotone calibration that separates the classes, finite even when they are separable', () => {
    const z = [-4, -3, -2, -1, 1, 2, 3, 4];
    const y = [false, false, false, false, true, true, true, true];
    const { a, b } = fitCalibration(z, y);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(a).toBeGreaterThan(0);
    expect(sigmoid(a * 4 + b)).toBeGreaterThan(0.8);
    expect(sigmoid(a * -4 + b)).toBeLessThan(0.2);
  });
});
