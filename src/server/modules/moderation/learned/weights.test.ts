// The committed weights.json is what train.ts makes from the committed data set: data and weights never drift.
// If this fails after a change to moderation-fr.jsonl, fold.ts or teen-spelling.ts, run
// `node src/server/modules/moderation/learned/train.ts` and commit the new file.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../categories.ts';
import { loadModerationSet } from '../evaluation.ts';
import { THRESHOLD_TARGETS, choose, measure, outOfLotScores, withFeatures } from './crossval.ts';
import { TRAIN_OPTIONS } from './model.ts';
import { buildWeights, serializeWeights } from './train.ts';
import { WEIGHTS_PATH, loadWeights, type WeightsFile } from './weights.ts';

const set = loadModerationSet();

describe('weights.json', () => {
  it('is reproduced exactly by retraining on the current data set', () => {
    const retrained = serializeWeights(buildWeights(set));
    const committed = readFileSync(WEIGHTS_PATH, 'utf8');
    // The small parts first, so a failure says what moved without printing half a megabyte of base64.
    const summary = (text: string) => {
      const { hashes, categories, ...head } = JSON.parse(text) as WeightsFile;
      const perCategory = Object.fromEntries(Object.entries(categories).map(([c, { weights, ...rest }]) => [c, { ...rest, weights: weights.length }]));
      return { ...head, hashes: hashes.length, perCategory };
    };
    expect(summary(retrained)).toEqual(summary(committed));
    expect(retrained === committed, 'weights.json differs from a retraining: run learned/train.ts').toBe(true);
  });

  it('stays compact', () => {
    expect(statSync(WEIGHTS_PATH).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('holds thresholds that meet their targets on the out-of-lot scores they were chosen on', () => {
    const scored = outOfLotScores(withFeatures(set), TRAIN_OPTIONS);
    const choice = choose(scored);
    const file = loadWeights();
    const figures = measure(scored, choice);
    const benignAtOrAbove = (c: (typeof CATEGORIES)[number], threshold: number) => {
      const k = CATEGORIES.indexOf(c);
      const { a, b } = choice.calibration[c];
      return scored.filter((s) => s.labels.length === 0 && 1 / (1 + Math.exp(-(a * s.logOdds[k]! + b))) >= threshold).length;
    };
    const benignFlaggedPerCategory = (c: (typeof CATEGORIES)[number]) => benignAtOrAbove(c, choice.thresholds[c].flagAt);
    for (const c of CATEGORIES) {
      expect(file.categories[c].suspectAt, c).toBe(choice.thresholds[c].suspectAt);
      expect(file.categories[c].flagAt, c).toBe(choice.thresholds[c].flagAt);
      expect(file.categories[c].careAt, c).toBe(choice.thresholds[c].careAt);
      // Care reaches at most its share of benign lines, unless it sits on the routing threshold (never below it).
      if (choice.thresholds[c].careAt > choice.thresholds[c].suspectAt) {
        expect(benignAtOrAbove(c, choice.thresholds[c].careAt) / figures.benign, c).toBeLessThanOrEqual(THRESHOLD_TARGETS.careBenignShare);
      }
      const s = figures.perCategory[c];
      // Routing reaches the recall target, unless that would send more than the allowed share of benign lines.
      const benignSuspected = benignAtOrAbove(c, choice.thresholds[c].suspectAt) / figures.benign;
      expect(benignSuspected, c).toBeLessThanOrEqual(THRESHOLD_TARGETS.suspectBenignShare + 1 / figures.benign);
      if (s.suspected / s.support < THRESHOLD_TARGETS.suspectRecall) {
        // Cut by the benign share: one step lower would have sent more than allowed.
        expect(benignAtOrAbove(c, choice.thresholds[c].suspectAt - 0.002) / figures.benign, c).toBeGreaterThan(THRESHOLD_TARGETS.suspectBenignShare);
      }
      if (s.flagged > 0) expect(s.flaggedRight / s.flagged, c).toBeGreaterThanOrEqual(THRESHOLD_TARGETS.flagPrecision);
      expect(benignFlaggedPerCategory(c) / figures.benign, c).toBeLessThanOrEqual(THRESHOLD_TARGETS.flagBenignShare);
    }
  });
});
