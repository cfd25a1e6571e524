// Leave-one-lot-out cross-validation of the learned scorer over the held-out lots of data/README.md, and the
// choice of its two thresholds per category from the out-of-lot scores. Used by train.ts (which stores the
// calibration and thresholds beside the weights) and by bench/moderation-learned.ts (which prints the figures).
import { CATEGORIES, type Category } from '../categories.ts';
import type { LabelledLine } from '../evaluation.ts';
import { messageFeatures } from './features.ts';
import { createLogOdds, fitCalibration, round, sigmoid, train, type Calibration, type TrainOptions } from './model.ts';

/** The held-out lots (data/README.md); every other line ("tune-…", "learn-…") is always in training. */
export const LOTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type Lot = (typeof LOTS)[number] | 'tune';

export function lotOf(id: string): Lot {
  const n = Number(id.slice(id.indexOf('-') + 1));
  if (!id.startsWith('held-')) return 'tune';
  return n <= 250 ? 'A' : n <= 453 ? 'B' : n <= 712 ? 'C' : n <= 1026 ? 'D' : n <= 1409 ? 'E' : n <= 1734 ? 'F' : n <= 2094 ? 'G' : 'H';
}

/**
 * Routing: recall ≥ 0.95 in every category, unless that sends more than 1.5 % of benign lines to the model for the
 * category (then the benign share decides). Flag: precision ≥ 0.97, and ≤ 0.5 % of benign lines flagged. Care: at
 * most 0.3 % of benign lines, whatever the precision: a caring answer with the help numbers costs a pupil who did
 * not need it little, and no member of staff is alerted on it.
 */
export const THRESHOLD_TARGETS = { suspectRecall: 0.95, suspectBenignShare: 0.015, flagPrecision: 0.97, flagBenignShare: 0.005, careBenignShare: 0.003 };

export interface Thresholds {
  /** At or above: ask the second opinion about this category. */
  suspectAt: number;
  /** At or above, in a distress category: a caring answer even when nothing confirms it (between suspectAt and flagAt). */
  careAt: number;
  /** At or above: flag the category outright. */
  flagAt: number;
}

export interface Scored {
  id: string;
  lot: Lot;
  labels: readonly Category[];
  /** Log-odds per category, in CATEGORIES order, from a model that never saw this line's lot. */
  logOdds: Float64Array;
}

export interface Featured extends LabelledLine {
  lot: Lot;
  features: number[];
}

export const withFeatures = (lines: readonly LabelledLine[]): Featured[] =>
  lines.map((l) => ({ ...l, lot: lotOf(l.id), features: messageFeatures(l.text) }));

/** Each held-out lot scored by a model trained on every other line (the tune part and the other lots). */
export function outOfLotScores(lines: readonly Featured[], options: TrainOptions): Scored[] {
  return LOTS.flatMap((lot) => {
    const logOdds = createLogOdds(train(lines.filter((l) => l.lot !== lot), options));
    return lines.filter((l) => l.lot === lot).map((l) => ({ id: l.id, lot, labels: l.labels, logOdds: logOdds(l.features) }));
  });
}

export interface Choice {
  calibration: Record<Category, Calibration>;
  thresholds: Record<Category, Thresholds>;
}

/** Calibration and thresholds chosen on out-of-lot scores. */
export function choose(scored: readonly Scored[]): Choice {
  const calibration = {} as Record<Category, Calibration>;
  const thresholds = {} as Record<Category, Thresholds>;
  const benign = scored.filter((s) => s.labels.length === 0).length;
  CATEGORIES.forEach((category, k) => {
    const cal = fitCalibration(
      scored.map((s) => s.logOdds[k]!),
      scored.map((s) => s.labels.includes(category)),
    );
    calibration[category] = cal;
    const lines = scored
      .map((s) => ({ p: sigmoid(cal.a * s.logOdds[k]! + cal.b), positive: s.labels.includes(category), benign: s.labels.length === 0 }))
      .sort((x, y) => y.p - x.p);
    const positives = lines.filter((l) => l.positive).length;
    // Suspect: the score of the positive that brings recall to the target, lowered to 3 decimals (never raised).
    const needed = Math.ceil(THRESHOLD_TARGETS.suspectRecall * positives);
    const forRecall = Math.floor(lines.filter((l) => l.positive)[needed - 1]!.p * 1000) / 1000;
    // …but never so low that more than a small share of benign lines is sent to the model for this category:
    // each costs the pupil a wait, and a threshold that low means the words no longer tell risk from homework.
    const benignScores = lines.filter((l) => l.benign).map((l) => l.p);
    const firstBenignBelow = benignScores[Math.floor(THRESHOLD_TARGETS.suspectBenignShare * benign)];
    const forBenignShare = firstBenignBelow === undefined ? 0 : Math.floor(firstBenignBelow * 1000) / 1000 + 0.001;
    const suspectAt = Math.max(forRecall, forBenignShare);
    // Flag: the lowest score at which precision and the benign share still meet the targets; a threshold sits
    // halfway between two consecutive distinct scores, so the next, unseen score does not fall on it.
    let tp = 0, fp = 0, benignFlagged = 0;
    let flagAt = 1;
    let careAt = 1;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.positive) tp++;
      else fp++;
      if (l.benign) benignFlagged++;
      const nextP = lines[i + 1]?.p ?? 0;
      if (nextP === l.p) continue;
      if (tp / (tp + fp) >= THRESHOLD_TARGETS.flagPrecision && benignFlagged <= THRESHOLD_TARGETS.flagBenignShare * benign) {
        flagAt = round((l.p + nextP) / 2, 4);
      }
      if (benignFlagged <= THRESHOLD_TARGETS.careBenignShare * benign) careAt = round((l.p + nextP) / 2, 4);
    }
    // suspectAt ≤ careAt ≤ flagAt: a flagged category is also a suspected one, and what is flagged gets care anyway.
    const flag = Math.max(flagAt, suspectAt);
    thresholds[category] = { suspectAt, careAt: Math.min(Math.max(careAt, suspectAt), flag), flagAt: flag };
  });
  return { calibration, thresholds };
}

/** Counts, so that lots add up; ratios are taken by the reader. */
export interface CategoryFigures {
  support: number;
  /** Positives at or above their own category's suspectAt. */
  suspected: number;
  /** Positives at or above suspectAt in some category: the second opinion sees them (it judges every category). */
  routed: number;
  flagged: number;
  flaggedRight: number;
  /** Positives at or above careAt, and benign lines at or above it in this category. */
  cared: number;
  benignCared: number;
}

export interface Figures {
  perCategory: Record<Category, CategoryFigures>;
  benign: number;
  /** Benign lines at or above suspectAt in some category (each costs a second-opinion call), and flagged. */
  benignSuspect: number;
  benignFlagged: number;
  risky: number;
  riskyRouted: number;
}

export function measure(scored: readonly Scored[], choice: Choice): Figures {
  const probabilities = scored.map((s) => CATEGORIES.map((c, k) => sigmoid(choice.calibration[c].a * s.logOdds[k]! + choice.calibration[c].b)));
  const suspect = probabilities.map((p) => CATEGORIES.map((c, k) => p[k]! >= choice.thresholds[c].suspectAt));
  const flag = probabilities.map((p) => CATEGORIES.map((c, k) => p[k]! >= choice.thresholds[c].flagAt));
  const care = probabilities.map((p) => CATEGORIES.map((c, k) => p[k]! >= choice.thresholds[c].careAt));
  const count = (pred: (i: number) => boolean) => scored.filter((_, i) => pred(i)).length;
  const perCategory = {} as Record<Category, CategoryFigures>;
  const benign = (i: number) => scored[i]!.labels.length === 0;
  CATEGORIES.forEach((category, k) => {
    const positive = (i: number) => scored[i]!.labels.includes(category);
    perCategory[category] = {
      support: count(positive),
      suspected: count((i) => positive(i) && suspect[i]![k]!),
      routed: count((i) => positive(i) && suspect[i]!.some(Boolean)),
      flagged: count((i) => flag[i]![k]!),
      flaggedRight: count((i) => positive(i) && flag[i]![k]!),
      cared: count((i) => positive(i) && care[i]![k]!),
      benignCared: count((i) => benign(i) && care[i]![k]!),
    };
  });
  return {
    perCategory,
    benign: count(benign),
    benignSuspect: count((i) => benign(i) && suspect[i]!.some(Boolean)),
    benignFlagged: count((i) => benign(i) && flag[i]!.some(Boolean)),
    risky: count((i) => !benign(i)),
    riskyRouted: count((i) => !benign(i) && suspect[i]!.some(Boolean)),
  };
}

/**
 * An honest figure for the whole procedure: each lot is measured with the calibration and thresholds chosen
 * on the other lots' out-of-lot scores (the committed thresholds are chosen on all of them, so their
 * figures on those same lots are optimistic).
 */
export function nestedFigures(scored: readonly Scored[]): Figures {
  const perLot = LOTS.map((lot) =>
    measure(
      scored.filter((s) => s.lot === lot),
      choose(scored.filter((s) => s.lot !== lot)),
    ),
  );
  const sum = (f: (x: Figures) => number) => perLot.reduce((acc, x) => acc + f(x), 0);
  const perCategory = {} as Record<Category, CategoryFigures>;
  for (const c of CATEGORIES) {
    const add = (key: keyof CategoryFigures) => sum((x) => x.perCategory[c][key]);
    perCategory[c] = {
      support: add('support'),
      suspected: add('suspected'),
      routed: add('routed'),
      flagged: add('flagged'),
      flaggedRight: add('flaggedRight'),
      cared: add('cared'),
      benignCared: add('benignCared'),
    };
  }
  return {
    perCategory,
    benign: sum((x) => x.benign),
    benignSuspect: sum((x) => x.benignSuspect),
    benignFlagged: sum((x) => x.benignFlagged),
    risky: sum((x) => x.risky),
    riskyRouted: sum((x) => x.riskyRouted),
  };
}
