// The two benchmark models: stories260K (tiny, overhead-bound) from ../shared/models when present, and a
// ~100M-parameter random-weight llama written at benchmark time (memory-bound, like a 7B model on a school
// server). Never committed: the generated file lives in a temporary directory.
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LLAMA_100M_OPTIONS, writeTinyLlamaGguf } from '../../src/server/modules/llm/testing/tiny-gguf.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const STORIES_PATH = resolve(REPO_ROOT, '..', 'shared', 'models', 'stories260K.gguf');

export interface BenchModel {
  key: 'stories260K' | 'llama100M';
  label: string;
  path: string;
}

export function storiesModel(): BenchModel | undefined {
  return existsSync(STORIES_PATH) ? { key: 'stories260K', label: 'stories260K (260 k paramètres, limité par le surcoût)', path: STORIES_PATH } : undefined;
}

/** Writes the generated model into `dir` unless a previous step of the same run already did. */
export async function llama100mModel(dir: string): Promise<BenchModel> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'llama-100m-random.gguf');
  const present = await stat(path).then((s) => s.size > 0, () => false);
  if (!present) await writeTinyLlamaGguf(path, { ...LLAMA_100M_OPTIONS, seed: 7, name: 'llama-100m-random' });
  return { key: 'llama100M', label: 'llama 100M aléatoire (F32, limité par la mémoire)', path };
}
