// The learned scorer's model: one-vs-rest naive Bayes log-count ratios over the hashed features of
// features.ts (for two classes, complement and multinomial naive Bayes give the same weights), pruned to the
// strongest features of each category, with a per-category logistic calibration (Platt scaling) fitted on
// held-out lots so that scores are probabilities.
//
// Why our own code and not a package: the npm candidates are unmaintained (`bayes` 1.0.0: whole words only,
// no hashing, no pruning) or heavy and built around a vocabulary, not hashed sparse features (`natural`); and
// training must be bit-for-bit deterministic (fixed order, no randomness at all here) so that a test can prove
// the committed weights come from the committed data.
//
// Why naive Bayes and not logistic regression: both were cross-validated leave-one-lot-out on lots A–D
// (2026-11-22, same features; logistic regression by seeded AdaGrad SGD with weighted positives and L2, swept
// over learning rate, L2, epochs and positive weight). At the routing point (recall 0.95 in every category)
// naive Bayes marked 6 to 7 % of the benign lines suspect, logistic regression 15 to 20 % in every setting
// tried. Mean average precision 0.955 against 0.94 (naive Bayes ahead on harassment, sexual and violence,
// behind on self_harm, hate and abuse). Logistic regression kept more recall at precision 0.97 on abuse (0.70
// against 0.42): the outright flag of abuse is where this model is weakest, and routing is what it is for.
import { CATEGORIES, type Category } from '../categories.ts';

export interface TrainingExample {
  features: readonly number[];
  labels: readonly Category[];
}

export interface TrainOptions {
  /** Additive smoothing: small, so a cue seen a few times in one class only counts, without overwhelming. */
  alpha: number;
}

// Every feature seen in training is kept: cross-validated, pruning cost more than it saved. Keeping the top 8 000
// features per category by |weight| raised the benign lines marked suspect at recall 0.95 from 6.5 % to 15.5 %,
// dropping the features seen in one line only (half the vocabulary) to 8.6 %: a word seen once in a benign
// homework line is still evidence that a message reads as homework.
export const TRAIN_OPTIONS: TrainOptions = { alpha: 0.03 };

/** Weights are stored as signed bytes of this step (±12.7 covers every log-count ratio of our data). */
export const WEIGHT_STEP = 0.1;
const quantize = (w: number) => Math.max(-127, Math.min(127, Math.round(w / WEIGHT_STEP)));

/** Log-odds = bias + (sum of the weights of the message's features) / sqrt(number of features). */
export interface LinearModel {
  bias: Record<Category, number>;
  /** Kept feature hashes, ascending. */
  hashes: number[];
  /** Per category, the weight of each feature in units of WEIGHT_STEP (same order as `hashes`). */
  features: Record<Category, number[]>;
}

const K = CATEGORIES.length;
// Stored values are rounded: the file stays small, and retraining reproduces it exactly.
export const round = (x: number, decimals = 3): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

export function train(examples: readonly TrainingExample[], options: TrainOptions = TRAIN_OPTIONS): LinearModel {
  // counts[feature][2c] = occurrences in lines with category c, [2c + 1] in lines without it.
  const counts = new Map<number, Float64Array>();
  const totals = new Float64Array(2 * K);
  const lines = new Float64Array(2 * K);
  for (const { features, labels } of examples) {
    const side = CATEGORIES.map((c, k) => 2 * k + (labels.includes(c) ? 0 : 1));
    for (const s of side) lines[s]!++;
    for (const h of features) {
      let row = counts.get(h);
      if (row === undefined) counts.set(h, (row = new Float64Array(2 * K)));
      for (const s of side) {
        row[s]!++;
        totals[s]!++;
      }
    }
  }
  const vocabulary = counts.size;
  const hashes = [...counts.keys()].sort((a, b) => a - b);
  const model: LinearModel = { bias: {} as LinearModel['bias'], hashes, features: {} as LinearModel['features'] };
  CATEGORIES.forEach((category, k) => {
    const inDenominator = totals[2 * k]! + options.alpha * vocabulary;
    const outDenominator = totals[2 * k + 1]! + options.alpha * vocabulary;
    const weights = hashes.map((h) => {
      const row = counts.get(h)!;
      return quantize(Math.log((row[2 * k]! + options.alpha) / inDenominator) - Math.log((row[2 * k + 1]! + options.alpha) / outDenominator));
    });
    model.bias[category] = round(Math.log((lines[2 * k]! + 1) / (lines[2 * k + 1]! + 1)));
    model.features[category] = weights;
  });
  return model;
}

/** A model ready to score: one map from feature hash to its six weights. */
export type LogOdds = (features: readonly number[]) => Float64Array;

export function createLogOdds(model: LinearModel): LogOdds {
  const table = new Map<number, Float64Array>(model.hashes.map((h, i) => [h, Float64Array.from(CATEGORIES, (c) => model.features[c][i]! * WEIGHT_STEP)]));
  const bias = Float64Array.from(CATEGORIES, (c) => model.bias[c]);
  return (features) => {
    const sum = new Float64Array(K);
    for (const h of features) {
      const row = table.get(h);
      if (row === undefined) continue;
      for (let k = 0; k < K; k++) sum[k]! += row[k]!;
    }
    // Dividing by sqrt(length) keeps a long message's many weak cues from adding up to a certainty.
    const scale = 1 / Math.sqrt(features.length || 1);
    for (let k = 0; k < K; k++) sum[k] = bias[k]! + sum[k]! * scale;
    return sum;
  };
}

/** p = sigmoid(a * logOdds + b): naive Bayes log-odds are over-confident; this maps them to probabilities. */
export interface Calibration {
  a: number;
  b: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Platt scaling fitted by Newton's method with backtracking (Lin, Lin & Weng 2007, "A note on Platt's
 * probabilistic outputs"), with Platt's smoothed targets so that a separable sample still gives finite values.
 */
export function fitCalibration(z: readonly number[], y: readonly boolean[]): Calibration {
  const positives = y.filter(Boolean).length;
  const negatives = y.length - positives;
  const target = y.map((positive) => (positive ? (positives + 1) / (positives + 2) : 1 / (negatives + 2)));
  // Cross-entropy written so that it never takes the log of 0 or exp of a large number.
  const loss = (a: number, b: number) =>
    z.reduce((sum, zi, i) => {
      const f = a * zi + b;
      return sum + (f >= 0 ? (1 - target[i]!) * f + Math.log1p(Math.exp(-f)) : -target[i]! * f + Math.log1p(Math.exp(f)));
    }, 0);
  let a = 0;
  let b = Math.log((positives + 1) / (negatives + 1));
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    z.forEach((zi, i) => {
      const p = sigmoid(a * zi + b);
      const d = p - target[i]!;
      const v = p * (1 - p);
      ga += d * zi;
      gb += d;
      haa += v * zi * zi;
      hab += v * zi;
      hbb += v;
    });
    if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-10 && loss(a + step * da, b + step * db) > current + 1e-4 * step * (ga * da + gb * db)) step /= 2;
    if (step <= 1e-10) break;
    a += step * da;
    b += step * db;
    current = loss(a, b);
  }
  return { a: round(a, 6), b: round(b, 6) };
}
