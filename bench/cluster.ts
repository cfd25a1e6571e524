// Load test of the académie layout against the single-school one, in the same run: N simulated pupils ask
// questions in a loop for a bounded time (1) through nginx in front of two instances sharing a PostgreSQL
// database, (2) straight to one instance on SQLite. Real `tuteur serve` processes. The in-process fake provider
// cannot cross a process boundary, so the model is either
//   --engine stub (default): a stand-in OpenAI-compatible server in this process that streams fixed tokens at
//     once, reached through the real openai-compatible backend: the figures measure the serving path alone
//     (sessions, rules, encryption, database, streaming, proxy), like the fake provider would;
//   --engine gguf: the embedded engine on a tiny random model with short answers (the model's own time counts).
// Reports messages/s, errors and latency percentiles.
//
//   node bench/cluster.ts [--pupils 200] [--seconds 60] [--engine stub|gguf] [--max-tokens 16] [--parallel 8]
//
// Needs Debian's postgresql and nginx packages. Everything listens on 127.0.0.1 and is removed at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadOrCreateKeyFile } from '../src/server/crypto/keyring.ts';
import { loadOrCreateSigningKey } from '../src/server/crypto/signing-key.ts';
import { instanceEnv, waitReady, writeTestModel } from '../src/server/ops/testing/fixtures.ts';
import { freePort, startTuteur, type TuteurProcess } from '../src/server/ops/testing/instances.ts';
import { startOpenAiTestServer, streamTokens, type OpenAiTestServer } from '../src/server/modules/llm/openai/testing/openai-test-server.ts';
import { startNginx, type Nginx } from '../test/cluster/nginx.ts';
import { startPostgres, type PostgresServer } from '../test/postgres-server.ts';
import { askInLoop, seedPupils, signInPupils, type LoadOutcome } from './lib/pupil-load.ts';
import { fmt, heading, percentile, print, table } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    pupils: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    engine: { type: 'string', default: 'stub' },
    'max-tokens': { type: 'string', default: '16' },
    parallel: { type: 'string', default: '8' },
  },
});
const PUPILS = Number(values.pupils);
const SECONDS = Math.min(Number(values.seconds), 300);
/** Every pupil signs in and opens a conversation, then asks in a loop until time is up. */
async function load(label: string, port: number, logins: string[]): Promise<LoadOutcome> {
  return askInLoop(label, port, await signInPupils(port, logins), SECONDS);
}

const dir = await mkdtemp(join(tmpdir(), 'tuteur-bench-cluster-'));
const processes: TuteurProcess[] = [];
let postgres: PostgresServer | undefined;
let nginx: Nginx | undefined;
let stub: OpenAiTestServer | undefined;
try {
  const modelPath = await writeTestModel(dir);
  const maxTokens = Number(values['max-tokens']);
  let engine: Record<string, string> = { TUTEUR_LLM_PARALLEL: values.parallel, TUTEUR_LLM_CONTEXT_SIZE: String(2048 * Number(values.parallel)) };
  if (values.engine === 'stub') {
    const tokens = Array.from({ length: maxTokens }, (_, i) => `mot${i} `);
    stub = await startOpenAiTestServer({ onChat: (call) => streamTokens(call, tokens) });
    // Wide enough that the instances never queue in front of a stand-in that answers at once.
    engine = { TUTEUR_LLM_BACKEND: 'openai-compatible', TUTEUR_LLM_BACKENDS: `${stub.url}|64` };
  }
  const common = { modelPath, maxTokens, extra: { ...engine, TUTEUR_LOG_LEVEL: 'warn' } };

  // (1) Two instances on PostgreSQL behind nginx.
  postgres = await startPostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('create database tuteur_bench');
  await admin.end();
  const databaseUrl = Object.assign(new URL(postgres.url), { pathname: '/tuteur_bench' }).toString();
  const nginxPort = await freePort();
  const keyFile = join(dir, 'cles', 'tuteur.key');
  const auditKeyFile = join(dir, 'cles', 'audit-ed25519.pem');
  loadOrCreateKeyFile(keyFile);
  loadOrCreateSigningKey(auditKeyFile);
  const clusterEnv = instanceEnv({
    ...common,
    dataDir: join(dir, 'cluster'),
    databaseUrl,
    extra: { ...common.extra, TUTEUR_KEY_FILE: keyFile, TUTEUR_AUDIT_KEY_FILE: auditKeyFile, TUTEUR_PUBLIC_URL: `http://127.0.0.1:${nginxPort}`, TUTEUR_TRUST_PROXY: 'true' },
  });
  const clusterLogins = await seedPupils(clusterEnv, dir, PUPILS);
  const ports = [await freePort(), await freePort()];
  processes.push(...(await Promise.all(ports.map((port, i) => startTuteur({ ...clusterEnv, TUTEUR_DATA_DIR: join(dir, `cluster-${i}`) }, { cwd: dir, port })))));
  await Promise.all(processes.map((p) => waitReady(p.url)));
  nginx = await startNginx({ dir, port: nginxPort, upstreams: ports });
  const cluster = await load('2 instances, PostgreSQL, nginx', nginxPort, clusterLogins);
  for (const p of processes.splice(0)) await p.stop('SIGTERM', 15_000);
  await nginx.stop();
  nginx = undefined;

  // (2) One instance on SQLite, the same machine, right after.
  const singleEnv = instanceEnv({ ...common, dataDir: join(dir, 'seule') });
  const singleLogins = await seedPupils(singleEnv, dir, PUPILS);
  const single = await startTuteur(singleEnv, { cwd: dir });
  processes.push(single);
  await waitReady(single.url);
  const alone = await load('1 instance, SQLite', single.port, singleLogins);

  heading(`Deux instances derrière nginx (PostgreSQL) contre une instance (SQLite) : ${PUPILS} élèves, ${SECONDS} s chacune`);
  print(
    table(
      ['configuration', 'messages', 'messages/s', 'erreurs', 'latence p50 (ms)', 'latence p99 (ms)', 'premier jeton p99 (ms)'],
      [cluster, alone].map((o) => [
        o.label,
        o.messages,
        fmt(o.messages / o.seconds),
        o.errors,
        fmt(percentile(o.latencies, 50), 0),
        fmt(percentile(o.latencies, 99), 0),
        fmt(percentile(o.firstTokens, 99), 0),
      ]),
    ),
  );
  for (const o of [cluster, alone]) if (o.errorSamples.length) print(`\nErreurs (${o.label}) : ${o.errorSamples.join(' | ')}`);
  print(
    (values.engine === 'stub'
      ? `\nModèle : serveur factice compatible OpenAI (${maxTokens} jetons par réponse, envoyés aussitôt), par le vrai client openai-compatible. `
      : `\nModèle : llama aléatoire minuscule, ${maxTokens} jetons par réponse, ${values.parallel} réponses en parallèle et 1 thread par instance. `) +
      'Toutes les configurations partagent les mêmes cœurs avec le générateur de charge : la comparaison mesure le surcoût ' +
      'du chemin (proxy, base partagée), pas le gain de plusieurs machines.',
  );
} finally {
  await nginx?.stop();
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await stub?.kill();
  await postgres?.stop();
  await rm(dir, { recursive: true, force: true });
}
