// Benchmark 5 of issue 3: the thread count. For each model, generation speed for every thread count from 1
// to the number of cores, for one conversation (what `tuteur model check` measures) and for 8 at once on
// one context (what a busy server does), beside the default (every core). The recommendation is the
// fastest single-conversation count, or a smaller one within 5 %: `tuteur model check` prints it and the
// admin sets TUTEUR_LLM_THREADS to it.
//
//   node bench/threads.ts [--model-dir DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LlamaModel } from 'node-llama-cpp';
import { chooseThreads, measureGenerationSpeed, type SpeedSample } from '../src/server/modules/llm/generation-speed.ts';
import { llama100mModel, storiesModel, type BenchModel } from './lib/models.ts';
import { fmt, heading, print, table } from './lib/report.ts';

const BATCH = 8;

/** Aggregate tokens/s of `BATCH` sequences generating together on one context with `threads` threads. */
async function batchSpeed(model: LlamaModel, threads: number, tokensEach: number, maxMs: number): Promise<number> {
  const context = await model.createContext({ sequences: BATCH, contextSize: 256, threads });
  try {
    const prompt = model.tokenize('Il était une fois une élève qui aimait les fractions.');
    const started = performance.now();
    let total = 0;
    await Promise.all(
      Array.from({ length: BATCH }, async () => {
        const sequence = context.getSequence();
        let count = 0;
        for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
          if (++count >= tokensEach || performance.now() - started > maxMs) break;
        }
        total += count;
      }),
    );
    return (total / (performance.now() - started)) * 1000;
  } finally {
    await context.dispose();
  }
}

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
      const batch: number[] = [];
      for (let threads = 1; threads <= cores; threads++) {
        samples.push(await measureGenerationSpeed(loaded, threads, { maxTokens: small ? 512 : 96, maxMs: small ? 2000 : 3000 }));
        batch.push(await batchSpeed(loaded, threads, small ? 128 : 24, small ? 3000 : 8000));
      }
      const recommended = chooseThreads(samples);
      const byThreads = (threads: number) => samples.find((s) => s.threads === threads)!;
      for (const sample of samples) {
        rows.push([
          model.key,
          sample.threads,
          fmt(sample.tokensPerSecond),
          fmt(batch[sample.threads - 1]!),
          `${sample.threads === recommended ? 'recommandé' : ''}${sample.threads === cores ? `${sample.threads === recommended ? ', ' : ''}défaut actuel` : ''}`,
        ]);
      }
      print(
        `${model.key} : TUTEUR_LLM_THREADS=${recommended} recommandé, ${fmt(byThreads(recommended).tokensPerSecond / byThreads(cores).tokensPerSecond, 2)} × la vitesse du défaut (${cores} threads) pour une conversation.`,
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
print(table(['modèle', 'threads', 'jetons/s (1 conversation)', `jetons/s (${BATCH} conversations)`, ''], rows));
print(
  '\nChoix : `tuteur model check <fichier>` mesure 1 thread, la moitié et tous les cœurs sur cette machine et affiche ' +
    '`TUTEUR_LLM_THREADS=<n>` (le plus rapide, ou moins de threads à 5 % près pour laisser du processeur au serveur web et à la base).',
);
