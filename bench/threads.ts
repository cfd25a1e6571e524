// Benchmark 5 of issue 3: the thread count. For each model, generation speed for every thread count from 1
// to the number of cores, for one conversation and for 8 at once on one context (what a busy server does),
// both measured by `tuteur model check` too, beside the default (every core). The recommendation is the count
// whose worse speed (each relative to the best count for it) is highest, or a smaller one within 5 %
// (generation-speed.ts chooseThreads): `tuteur model check` prints it and the admin sets TUTEUR_LLM_THREADS to it.
//
//   node bench/threads.ts [--model-dir DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BATCH_CONVERSATIONS, chooseThreads, measureThreadCount, type SpeedSample } from '../src/server/modules/llm/generation-speed.ts';
import { llama100mModel, storiesModel, type BenchModel } from './lib/models.ts';
import { fmt, heading, print, table } from './lib/report.ts';

const { values } = parseArgs({ options: { 'model-dir': { type: 'string' } } });
const modelDir = values['model-dir'] ?? mkdtempSync(join(tmpdir(), 'tuteur-bench-models-'));
const models: BenchModel[] = [];
const stories = storiesModel();
if (stories) models.push(stories);
models.push(await llama100mModel(modelDir));
const cores = availableParallelism();

heading('Nombre de threads');
const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
const llama = await getLlama({ build: 'never', gpu: false, maxThreads: cores, logLevel: LlamaLogLevel.error });
const rows: (string | number)[][] = [];
try {
  for (const model of models) {
    const loaded = await llama.loadModel({ modelPath: model.path });
    try {
      const small = model.key === 'stories260K';
      const samples: SpeedSample[] = [];
      for (let threads = 1; threads <= cores; threads++) {
        samples.push(
          await measureThreadCount(loaded, threads, {
            single: { maxTokens: small ? 512 : 96, maxMs: small ? 2000 : 3000 },
            batch: { maxTokens: small ? 128 : 24, maxMs: small ? 3000 : 8000 },
          }),
        );
      }
      const recommended = chooseThreads(samples);
      const byThreads = (threads: number) => samples.find((s) => s.threads === threads)!;
      for (const sample of samples) {
        rows.push([
          model.key,
          sample.threads,
          fmt(sample.tokensPerSecond),
          fmt(sample.batchTokensPerSecond ?? 0),
          `${sample.threads === recommended ? 'recommandé' : ''}${sample.threads === cores ? `${sample.threads === recommended ? ', ' : ''}défaut actuel` : ''}`,
        ]);
      }
      print(
        `${model.key} : TUTEUR_LLM_THREADS=${recommended} recommandé, ${fmt(byThreads(recommended).tokensPerSecond / byThreads(cores).tokensPerSecond, 2)} × la vitesse du défaut (${cores} threads) ` +
          `pour une conversation, ${fmt((byThreads(recommended).batchTokensPerSecond ?? 0) / (byThreads(cores).batchTokensPerSecond ?? 1), 2)} × pour ${BATCH_CONVERSATIONS}.`,
      );
    } finally {
      await loaded.dispose();
    }
  }
} finally {
  await llama.dispose();
  if (values['model-dir'] === undefined) rmSync(modelDir, { recursive: true, force: true });
}
print('');
print(table(['modèle', 'threads', 'jetons/s (1 conversation)', `jetons/s (${BATCH_CONVERSATIONS} conversations)`, ''], rows));
print(
  '\nChoix : `tuteur model check <fichier>` mesure 1 thread, la moitié et tous les cœurs sur cette machine et affiche ' +
    `\`TUTEUR_LLM_THREADS=<n>\` : chaque nombre est jugé sur la moins bonne de ses deux vitesses (une conversation, ${BATCH_CONVERSATIONS} à la fois), ` +
    'rapportée à la meilleure ; le meilleur l’emporte, ou moins de threads à 5 % près pour laisser du processeur au serveur web et à la base.',
);
