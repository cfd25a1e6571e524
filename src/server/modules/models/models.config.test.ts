import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { modelsConfigOf } from './models.config.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuteur-models-config-'));
  await writeFile(join(dir, 'lucie.gguf'), 'GGUF');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('models folder (TUTEUR_MODELS_DIR)', () => {
  it('defaults to the folder of the configured model, else to the data folder', () => {
    expect(loadConfig({ TUTEUR_MODEL_PATH: join(dir, 'lucie.gguf') }, dir).modelsDir).toBe(dir);
    expect(loadConfig({ TUTEUR_DATA_DIR: 'donnees' }, dir).modelsDir).toBe(join(dir, 'donnees', 'models'));
    expect(loadConfig({ TUTEUR_MODELS_DIR: 'modeles', TUTEUR_MODEL_PATH: join(dir, 'lucie.gguf') }, dir).modelsDir).toBe(join(dir, 'modeles'));
  });

  it('gives the catalogue the engine, the configured model and the folder', () => {
    const config = loadConfig({ TUTEUR_LLM_BACKEND: 'openai-compatible', TUTEUR_LLM_BACKENDS: 'http://127.0.0.1:8080', TUTEUR_LLM_MODEL: 'mistral-small' }, dir);
    expect(modelsConfigOf(config)).toEqual({
      backend: 'openai-compatible',
      modelPath: undefined,
      openAiModel: 'mistral-small',
      modelsDir: join(dir, 'data', 'models'),
      parallel: undefined,
      contextSize: undefined,
    });
    expect(modelsConfigOf(loadConfig({ TUTEUR_LLM_PARALLEL: '8', TUTEUR_LLM_CONTEXT_SIZE: '16384' }, dir))).toMatchObject({ parallel: 8, contextSize: 16384 });
  });
});
