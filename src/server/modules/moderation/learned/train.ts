// Trains the learned scorer from the labelled set and writes learned/weights.json: the calibration and the two
// thresholds of each category come from leave-one-lot-out cross-validation, the weights from all the lines.
// Re-run after any change to the data set or to the folding (teen-spelling.ts, fold.ts): weights.test.ts fails
// until the committed file matches what this produces.
//
//   node src/server/modules/moderation/learned/train.ts
import { writeFileSync } from 'node:fs';
import { loadModerationSet, type LabelledLine } from '../evaluation.ts';
import { choose, outOfLotScores, withFeatures } from './crossval.ts';
import { TRAIN_OPTIONS, train, type TrainOptions } from './model.ts';
import { WEIGHTS_PATH, packWeights, type WeightsFile } from './weights.ts';

export function buildWeights(lines: readonly LabelledLine[], options: TrainOptions = TRAIN_OPTIONS): WeightsFile {
  const featured = withFeatures(lines);
  const { calibration, thresholds } = choose(outOfLotScores(featured, options));
  return packWeights(train(featured, options), calibration, thresholds, { lines: lines.length, options });
}

/** Indented JSON: a diff shows which thresholds and which category's weights moved. */
export const serializeWeights = (file: WeightsFile): string => `${JSON.stringify(file, null, 2)}\n`;

if (import.meta.main) {
  const text = serializeWeights(buildWeights(loadModerationSet()));
  writeFileSync(WEIGHTS_PATH, text);
  process.stdout.write(`${WEIGHTS_PATH.pathname}: ${(text.length / 1024).toFixed(0)} Kio\n`);
}
