// The committed model file (weights.json, written by train.ts): its shape, checked when it is loaded, and the
// packing of its arrays. The ~37 000 feature hashes (little-endian uint32) and each category's weights (signed
// bytes) are base64: as JSON number lists the same model would be about three times larger.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../categories.ts';
import type { Calibration, LinearModel } from './model.ts';

export const WEIGHTS_PATH = new URL('./weights.json', import.meta.url);
/** Changed when features.ts or the scoring changes meaning, so an old file is refused rather than misread. */
export const WEIGHTS_FORMAT = 'tuteur-moderation-learned/1';

const categoryWeightsSchema = z
  .strictObject({
    bias: z.number(),
    calibration: z.strictObject({ a: z.number(), b: z.number() }),
    suspectAt: z.number().min(0).max(1),
    careAt: z.number().min(0).max(1),
    flagAt: z.number().min(0).max(1),
    weights: z.base64(),
  })
  .refine((c) => c.suspectAt <= c.careAt && c.careAt <= c.flagAt, 'thresholds out of order (suspectAt ≤ careAt ≤ flagAt)');

export const weightsFileSchema = z.strictObject({
  format: z.literal(WEIGHTS_FORMAT),
  /** Lines of the labelled set the model was trained on. */
  lines: z.number().int().positive(),
  options: z.strictObject({ alpha: z.number().positive() }),
  hashes: z.base64(),
  categories: z.strictObject(Object.fromEntries(CATEGORIES.map((c) => [c, categoryWeightsSchema])) as Record<Category, typeof categoryWeightsSchema>),
});
export type WeightsFile = z.infer<typeof weightsFileSchema>;

export interface CategoryThresholds {
  suspectAt: number;
  careAt: number;
  flagAt: number;
}

export function packWeights(
  model: LinearModel,
  calibration: Record<Category, Calibration>,
  thresholds: Record<Category, CategoryThresholds>,
  head: Pick<WeightsFile, 'lines' | 'options'>,
): WeightsFile {
  const hashes = new Uint32Array(model.hashes.length);
  const view = new DataView(hashes.buffer);
  model.hashes.forEach((h, i) => view.setUint32(4 * i, h, true));
  return {
    format: WEIGHTS_FORMAT,
    ...head,
    hashes: Buffer.from(hashes.buffer).toString('base64'),
    categories: Object.fromEntries(
      CATEGORIES.map((c) => [
        c,
        { bias: model.bias[c], calibration: calibration[c], ...thresholds[c], weights: Buffer.from(Int8Array.from(model.features[c]).buffer).toString('base64') },
      ]),
    ) as WeightsFile['categories'],
  };
}

export function unpackModel(file: WeightsFile): LinearModel {
  const raw = Buffer.from(file.hashes, 'base64');
  if (raw.length % 4 !== 0) throw new Error('weights.json: hashes are not whole uint32 values');
  const hashes = Array.from({ length: raw.length / 4 }, (_, i) => raw.readUInt32LE(4 * i));
  const features = {} as Record<Category, number[]>;
  for (const c of CATEGORIES) {
    const bytes = Buffer.from(file.categories[c].weights, 'base64');
    if (bytes.length !== hashes.length) throw new Error(`weights.json: ${c} has ${bytes.length} weights for ${hashes.length} features`);
    features[c] = Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }
  return { bias: Object.fromEntries(CATEGORIES.map((c) => [c, file.categories[c].bias])) as Record<Category, number>, hashes, features };
}

export function loadWeights(path: URL = WEIGHTS_PATH): WeightsFile {
  return weightsFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
