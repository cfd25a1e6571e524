// `npm run bench`: every benchmark of issue 3, one process each (a native engine per process, nothing
// carried over), sharing one generated ~100M model written once to a temporary directory and removed at
// the end. Prints each figure beside its target; copy the output into bench/RESULTS.md with the analysis.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llama100mModel } from './lib/models.ts';
import { machine, print } from './lib/report.ts';

const modelDir = mkdtempSync(join(tmpdir(), 'tuteur-bench-models-'));
const steps: [string, string[]][] = [
  ['engine.ts', ['--model', 'stories260K']],
  ['engine.ts', ['--model', 'llama100M', '--model-dir', modelDir]],
  ['serving.ts', []],
  ['threads.ts', ['--model-dir', modelDir]],
];

print(`# Benchmarks Tuteur — ${new Date().toISOString()}\n\n${machine()}`);
let failed = 0;
try {
  print('\nÉcriture du modèle aléatoire de ~100 M de paramètres…');
  await llama100mModel(modelDir);
  for (const [script, args] of steps) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: 'inherit' });
    print(`\n(${script} ${args.filter((a) => !a.startsWith('/')).join(' ')} : ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    if (result.status !== 0) {
      failed += 1;
      print(`**${script} a échoué (code ${result.status ?? result.signal}).**`);
    }
  }
} finally {
  rmSync(modelDir, { recursive: true, force: true });
}
process.exitCode = failed === 0 ? 0 : 1;
