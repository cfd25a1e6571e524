#!/usr/bin/env node
// Launcher for the `tuteur` command: runs the TypeScript sources on Node 24 (type stripping). When started by
// an older system Node, it re-runs itself with the Node 24 that the project installs (the `node` package).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const require = createRequire(import.meta.url);
  let node24;
  try {
    node24 = require.resolve('node/bin/node');
  } catch {
    process.stderr.write('Tuteur nécessite Node.js 24 : lancez d’abord « npm ci » dans le dossier de Tuteur.\n');
    process.exit(2);
  }
  const result = spawnSync(node24, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const { runCli, terminalIo } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), terminalIo(process.env, process.cwd()));
