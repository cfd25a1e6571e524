// `npm test`: the one command that checks everything, in order, and ends with "N passed, N failed".
// Steps: system prerequisites, typecheck, lint, web build, unit + integration tests, browser tests.
// A failed step does not stop the next ones, so the summary is complete; the exit code says if anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { findPostgresBinDir } from './postgres-server.ts';

const root = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';

// Children get Node 24 and the project's tools first on the PATH, whatever started us.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [join(root, 'node_modules', '.bin'), dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
};

type Status = 'passed' | 'failed' | 'skipped';
interface StepResult {
  label: string;
  status: Status;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** A vitest run (counts are tests) rather than a single check. */
  tests?: boolean;
  note?: string;
}
const results: StepResult[] = [];
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true; // the running child got the same SIGINT; stop after it
});
process.on('SIGTERM', () => {
  interrupted = true;
});

const reportDir = mkdtempSync(join(tmpdir(), 'tuteur-test-reports-'));
process.on('exit', () => rmSync(reportDir, { recursive: true, force: true }));

function banner(text: string): void {
  console.log(`\n━━━ ${text} ━━━`);
}

function run(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`Impossible de lancer ${cmd} : ${err.message}`);
      resolveExit(127);
    });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}

const isRoot = process.getuid?.() === 0;
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

function missingPackages(): string[] {
  const missing: string[] = [];
  const pgNeeded = process.env.TUTEUR_TEST_NO_PG !== '1' && !process.env.TUTEUR_TEST_PG_URL;
  if (pgNeeded && !findPostgresBinDir()) missing.push('postgresql');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  // The multi-instance test (test/cluster) puts nginx in front of two Tuteur instances.
  if (!existsSync('/usr/sbin/nginx')) missing.push('nginx');
  return missing;
}

/** (a) PostgreSQL and Chromium from Debian; installs them when we may, stops otherwise. */
async function prerequisites(): Promise<boolean> {
  const started = performance.now();
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    console.error(`Node.js ${process.versions.node} est trop ancien : Tuteur demande Node.js 24 (lancez « npm ci » puis « npm test »).`);
    return false;
  }
  let missing = missingPackages();
  if (missing.length === 0) return true;

  banner(`prérequis : il manque ${missing.join(', ')}`);
  if (!isRoot || !hasAptGet()) {
    console.error(
      `Il manque des paquets système pour les tests : ${missing.join(', ')}.\n` +
        `Installez-les en administrateur, puis relancez « npm test » :\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        '(PostgreSQL sert aux tests de la couche de données, Chromium aux tests navigateur.)',
    );
    results.push({ label: 'prérequis', status: 'failed', passed: 0, failed: 1, skipped: 0, seconds: 0, note: `manque ${missing.join(', ')}` });
    return false;
  }
  const apt = { DEBIAN_FRONTEND: 'noninteractive' };
  let code = await run('apt-get', ['update'], apt);
  if (code === 0) code = await run('apt-get', ['install', '-y', ...missing], apt);
  missing = missingPackages();
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || missing.length > 0) {
    console.error(`L'installation des paquets système a échoué (apt-get, code ${code}) : ${missing.join(', ') || '?'} manque encore.`);
    results.push({ label: 'prérequis', status: 'failed', passed: 0, failed: 1, skipped: 0, seconds, note: 'apt-get a échoué' });
    return false;
  }
  return true;
}

/** A step that is one check: passed or failed. */
async function check(label: string, cmd: string, args: string[]): Promise<void> {
  if (interrupted) return;
  banner(`${label} : ${[cmd, ...args].join(' ')}`);
  const started = performance.now();
  const code = await run(cmd, args);
  const ok = code === 0;
  results.push({
    label,
    status: ok ? 'passed' : 'failed',
    passed: ok ? 1 : 0,
    failed: ok ? 0 : 1,
    skipped: 0,
    seconds: (performance.now() - started) / 1000,
    ...(ok ? {} : { note: `code ${code}` }),
  });
}

interface JsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { name?: string; status?: string; message?: string; assertionResults?: { status?: string }[] }[];
}

/** A vitest run: counts its tests from the JSON report. */
async function vitest(label: string, name: string, extraArgs: string[]): Promise<void> {
  if (interrupted) return;
  const reportFile = join(reportDir, `${name}.json`);
  const args = ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
  banner(`${label} : vitest ${args.join(' ')}`);
  const started = performance.now();
  const code = await run('vitest', args);
  const seconds = (performance.now() - started) / 1000;

  let report: JsonReport | undefined;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
  } catch {
    report = undefined;
  }
  if (!report) {
    results.push({ label, status: 'failed', passed: 0, failed: 1, skipped: 0, seconds, tests: true, note: `vitest s'est arrêté sans rapport (code ${code})` });
    return;
  }
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const notes: string[] = [];
  // A file that fails before its tests run (import error, failing beforeAll) has no failed test: count the file.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
  );
  if (brokenFiles.length > 0) {
    failed += brokenFiles.length;
    notes.push(`${brokenFiles.length} fichier(s) en erreur`);
  }
  // Unhandled errors, a failing global setup or teardown: vitest fails without a failed test to show for it.
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest a échoué (code ${code}) sans test en échec : erreur hors test`);
  }
  results.push({
    label,
    status: failed > 0 ? 'failed' : 'passed',
    passed,
    failed,
    skipped,
    seconds,
    tests: true,
    ...(notes.length ? { note: notes.join(', ') } : {}),
  });
}

function summary(totalSeconds: number): number {
  const lines = results.map((r) => {
    const mark = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '–';
    const counts = r.tests
      ? `${r.passed} réussi(s), ${r.failed} échoué(s)${r.skipped ? `, ${r.skipped} ignoré(s)` : ''}`
      : { passed: 'ok', failed: 'échec', skipped: 'ignoré' }[r.status];
    return `  ${mark} ${r.label.padEnd(32)} ${counts.padEnd(40)} ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`;
  });
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  console.log(`\n━━━ Résumé (${totalSeconds.toFixed(1)} s) ━━━`);
  for (const line of lines) console.log(line);
  if (interrupted) console.log('  Interrompu : les étapes suivantes ne sont pas lancées.');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 || interrupted ? 1 : 0;
}

const runStarted = performance.now();
if (await prerequisites()) {
  await check('typecheck', 'tsc', ['--noEmit']);
  await check('lint', 'eslint', ['.']);
  if (existsSync(join(root, 'vite.config.ts'))) {
    await check('build web', 'vite', ['build']);
  } else if (!interrupted) {
    results.push({ label: 'build web', status: 'skipped', passed: 0, failed: 0, skipped: 1, seconds: 0, note: 'pas encore de vite.config.ts' });
  }
  await vitest('tests unitaires et intégration', 'unit', []);
  await vitest('tests navigateur (e2e)', 'e2e', ['--config', 'vitest.e2e.config.ts']);
} else if (results.length === 0) {
  results.push({ label: 'prérequis', status: 'failed', passed: 0, failed: 1, skipped: 0, seconds: 0 });
}
process.exitCode = summary((performance.now() - runStarted) / 1000);
