// The learned scorer's public surface: a probability per category for a message, and the per-category
// thresholds chosen by cross-validation (suspectAt: worth the second opinion's look; flagAt: what the scorer would
// flag, which the chat treats as a strong signal for the second opinion and a care cue, never a flag alone: see
// ../pupil-message.ts). The committed weights are loaded and checked once, on first use.
import { CATEGORIES, type Category } from '../categories.ts';
import { foldedFeatures, messageFeatures } from './features.ts';
import { createLogOdds, sigmoid, type LogOdds } from './model.ts';
import { loadWeights, unpackModel, type WeightsFile } from './weights.ts';

export interface LearnedThresholds {
  /** At or above: worth a second opinion (chosen for recall ≥ 0.95 on held-out lots). */
  suspectAt: number;
  /** At or above, in a distress category: care even unconfirmed (≤ 0.3 % of held-out benign lines reach it). */
  careAt: number;
  /** At or above: flag outright (chosen for precision ≥ 0.97 and ≤ 0.5 % of benign lines flagged). */
  flagAt: number;
}

export interface LearnedScorer {
  score(text: string): Record<Category, number>;
  thresholds: Record<Category, LearnedThresholds>;
  /** The categories at or above flagAt, those at or above suspectAt but below flagAt, and those at or above careAt. */
  judge(text: string): LearnedJudgement;
  /** The same for text already folded by the lexical layer's fold (the chat folds a message once for both layers). */
  judgeFolded(folded: string): LearnedJudgement;
}

export interface LearnedJudgement {
  scores: Record<Category, number>;
  flagged: Category[];
  suspected: Category[];
  /** The categories at or above careAt (flagged ones included). */
  cared: Category[];
}

export function createLearnedScorer(file: WeightsFile): LearnedScorer {
  const { categories } = file;
  const logOdds: LogOdds = createLogOdds(unpackModel(file));
  const thresholds = Object.fromEntries(
    CATEGORIES.map((c) => [c, { suspectAt: categories[c].suspectAt, careAt: categories[c].careAt, flagAt: categories[c].flagAt }]),
  ) as Record<Category, LearnedThresholds>;
  const scoreFeatures = (features: number[]) => {
    const out = {} as Record<Category, number>;
    // No word at all ("???", ""): nothing to judge, and the bare prior would sit above some suspectAt.
    if (features.length === 0) {
      for (const c of CATEGORIES) out[c] = 0;
      return out;
    }
    const z = logOdds(features);
    CATEGORIES.forEach((c, k) => (out[c] = sigmoid(categories[c].calibration.a * z[k]! + categories[c].calibration.b)));
    return out;
  };
  const judgeFeatures = (features: number[]): LearnedJudgement => {
    const scores = scoreFeatures(features);
    return {
      scores,
      flagged: CATEGORIES.filter((c) => scores[c] >= thresholds[c].flagAt),
      suspected: CATEGORIES.filter((c) => scores[c] >= thresholds[c].suspectAt && scores[c] < thresholds[c].flagAt),
      cared: CATEGORIES.filter((c) => scores[c] >= thresholds[c].careAt),
    };
  };
  return {
    score: (text) => scoreFeatures(messageFeatures(text)),
    thresholds,
    judge: (text) => judgeFeatures(messageFeatures(text)),
    judgeFolded: (folded) => judgeFeatures(foldedFeatures(folded)),
  };
}

let committed: LearnedScorer | undefined;

/** The scorer of the committed weights.json (loaded on first use). */
export function learnedScorer(): LearnedScorer {
  return (committed ??= createLearnedScorer(loadWeights()));
}
