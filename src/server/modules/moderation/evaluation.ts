// Scores the classifier on the labelled French set (data/moderation-fr.jsonl): precision and recall per category
// and the share of benign messages flagged. Used by the test that holds the targets and by the benchmark.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES, categorySchema, type Category } from './categories.ts';

export const MODERATION_SET_PATH = new URL('./data/moderation-fr.jsonl', import.meta.url);

const labelledLineSchema = z.object({ id: z.string().min(1), text: z.string().min(1), labels: z.array(categorySchema) });
export type LabelledLine = z.infer<typeof labelledLineSchema>;

/** The targets: recall ≥ 0.95 on self_harm and abuse, ≥ 0.90 on the others, ≤ 3 % of benign lines flagged. */
export const TARGETS = {
  recall: { self_harm: 0.95, harassment: 0.9, sexual: 0.9, violence: 0.9, hate: 0.9, abuse: 0.95 } satisfies Record<Category, number>,
  falsePositiveRate: 0.03,
};

export function loadModerationSet(path: URL | string = MODERATION_SET_PATH): LabelledLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return labelledLineSchema.parse(JSON.parse(line));
      } catch (error) {
        throw new Error(`moderation set line ${i + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
}

/**
 * The held-out quarter ("held-…" ids) was written after the lexicon and never used to tune it; the "tune-…"
 * lines were known while the rules were written. Only the held-out figures say how the lexicon does on
 * messages it was not written against.
 */
export function isHeldOut(id: string): boolean {
  return id.startsWith('held-');
}

/**
 * The lines the lexicon was written against ("tune-…"). The "learn-…" lines were written to train the learned
 * scorer (learned/) on indirect wordings; the lexicon was never tuned on them, so they are neither its tuning part
 * nor held out from the learned scorer.
 */
export function isLexiconTuning(id: string): boolean {
  return id.startsWith('tune-');
}

export interface CategoryScore {
  /** Lines labelled with the category. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** 1 when nothing was flagged (no false positive possible). */
  precision: number;
  /** 1 when no line has the label. */
  recall: number;
}

export interface Evaluation {
  lines: number;
  perCategory: Record<Category, CategoryScore>;
  benignLines: number;
  benignFlagged: number;
  falsePositiveRate: number;
  /** Lines whose predicted categories differ from their labels. */
  errors: { id: string; text: string; expected: Category[]; got: Category[] }[];
}

export function evaluate(lines: LabelledLine[], predict: (text: string) => Category[]): Evaluation {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, { support: 0, tp: 0, fp: 0, fn: 0 }])) as Record<
    Category,
    { support: number; tp: number; fp: number; fn: number }
  >;
  let benignLines = 0;
  let benignFlagged = 0;
  const errors: Evaluation['errors'] = [];
  for (const line of lines) {
    const got = predict(line.text);
    const expected = new Set(line.labels);
    const predicted = new Set(got);
    for (const c of CATEGORIES) {
      if (expected.has(c)) counts[c].support++;
      if (expected.has(c) && predicted.has(c)) counts[c].tp++;
      else if (predicted.has(c)) counts[c].fp++;
      else if (expected.has(c)) counts[c].fn++;
    }
    if (expected.size === 0) {
      benignLines++;
      if (predicted.size > 0) benignFlagged++;
    }
    if (expected.size !== predicted.size || [...expected].some((c) => !predicted.has(c))) {
      errors.push({ id: line.id, text: line.text, expected: line.labels, got });
    }
  }
  const perCategory = Object.fromEntries(
    CATEGORIES.map((c) => {
      const { support, tp, fp, fn } = counts[c];
      const score: CategoryScore = {
        support,
        truePositives: tp,
        falsePositives: fp,
        falseNegatives: fn,
        precision: tp + fp === 0 ? 1 : tp / (tp + fp),
        recall: tp + fn === 0 ? 1 : tp / (tp + fn),
      };
      return [c, score];
    }),
  ) as Record<Category, CategoryScore>;
  return { lines: lines.length, perCategory, benignLines, benignFlagged, falsePositiveRate: benignLines ? benignFlagged / benignLines : 0, errors };
}
