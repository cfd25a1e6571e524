// Load and soak of one school server (issue 9 "Load"): N simulated pupils on loopback against a real
// `tuteur serve` process on SQLite, each asking, reading the whole answer and asking again.
//   1. load:  N pupils (default 300) for a bounded time (default 120 s): messages/s, errors, p50/p99.
//   2. soak:  the same pupils keep asking for M minutes (default 10); the server's RSS (/proc) and V8 heap
//             (its loopback Prometheus port) are sampled every 5 s: memory must stay flat. The heap used is a
//             sawtooth (it grows until the collector runs), so each minute is summed up by its floor (the
//             lowest sample, close to the live data after a collection) and its peak; a leak shows as a
//             rising floor.
// The model is a stand-in OpenAI-compatible server in this process that streams fixed tokens at once,
// reached through the real openai-compatible client, so the figures measure Tuteur's own path.
//
//   node bench/load.ts [--pupils 300] [--seconds 120] [--soak-minutes 10] [--max-tokens 16]
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startOpenAiTestServer, streamTokens, type OpenAiTestServer } from '../src/server/modules/llm/openai/testing/openai-test-server.ts';
import { instanceEnv, waitReady, writeTestModel } from '../src/server/ops/testing/fixtures.ts';
import { freePort, startTuteur, type TuteurProcess } from '../src/server/ops/testing/instances.ts';
import { askInLoop, seedPupils, signInPupils, type LoadOutcome } from './lib/pupil-load.ts';
import { fmt, heading, percentile, print, table, verdict } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    pupils: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '120' },
    'soak-minutes': { type: 'string', default: '10' },
    'max-tokens': { type: 'string', default: '16' },
  },
});
const PUPILS = Number(values.pupils);
// Bounded on purpose: loopback only, never more than 2 minutes of load and 15 of soak.
const SECONDS = Math.min(Number(values.seconds), 120);
const SOAK_MINUTES = Math.min(Number(values['soak-minutes']), 15);
const SAMPLE_EVERY_S = 5;

interface MemorySample {
  minute: number;
  rssMiB: number;
  heapMiB: number;
}

interface MinuteSummary {
  minute: number;
  rssPeak: number;
  heapFloor: number;
  heapPeak: number;
}

/** One line per started minute of the soak: the RSS peak, the heap's floor and peak. */
function perMinute(samples: MemorySample[]): MinuteSummary[] {
  const minutes = new Map<number, MemorySample[]>();
  for (const s of samples) {
    const key = Math.floor(s.minute);
    minutes.set(key, [...(minutes.get(key) ?? []), s]);
  }
  return [...minutes.entries()].map(([minute, group]) => ({
    minute,
    rssPeak: Math.max(...group.map((s) => s.rssMiB)),
    heapFloor: Math.min(...group.map((s) => s.heapMiB)),
    heapPeak: Math.max(...group.map((s) => s.heapMiB)),
  }));
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

async function heapMiB(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const used = /^tuteur_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
  return Number(used) / 2 ** 20;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function row(o: LoadOutcome): (string | number)[] {
  return [o.label, o.messages, fmt(o.messages / o.seconds), o.errors, fmt(percentile(o.latencies, 50), 0), fmt(percentile(o.latencies, 99), 0), fmt(percentile(o.firstTokens, 99), 0)];
}

const dir = await mkdtemp(join(tmpdir(), 'tuteur-bench-load-'));
let server: TuteurProcess | undefined;
let stub: OpenAiTestServer | undefined;
try {
  const maxTokens = Number(values['max-tokens']);
  const tokens = Array.from({ length: maxTokens }, (_, i) => `mot${i} `);
  stub = await startOpenAiTestServer({ onChat: (call) => streamTokens(call, tokens) });
  const metricsPort = await freePort();
  const env = instanceEnv({
    dataDir: join(dir, 'donnees'),
    modelPath: await writeTestModel(dir),
    maxTokens,
    extra: {
      TUTEUR_LLM_BACKEND: 'openai-compatible',
      // Wide enough that the server never queues in front of a stand-in that answers at once.
      TUTEUR_LLM_BACKENDS: `${stub.url}|64`,
      TUTEUR_METRICS_PORT: String(metricsPort),
      // Sized for the school, as an admin would: every simulated pupil may wait in line at once.
      TUTEUR_LLM_QUEUE_MAX: String(Math.max(200, PUPILS)),
      TUTEUR_LOG_LEVEL: 'warn',
    },
  });
  const logins = await seedPupils(env, dir, PUPILS);
  server = await startTuteur(env, { cwd: dir });
  await waitReady(server.url);
  const pid = server.child.pid ?? 0;
  const pupils = await signInPupils(server.port, logins);

  const load = await askInLoop(`${PUPILS} élèves, ${SECONDS} s`, server.port, pupils, SECONDS);
  heading(`Charge : ${PUPILS} élèves simulés, une instance SQLite, ${SECONDS} s (cible : 0 erreur)`);
  print(table(['essai', 'messages', 'messages/s', 'erreurs', 'latence p50 (ms)', 'latence p99 (ms)', 'premier jeton p99 (ms)'], [row(load)]));
  if (load.errorSamples.length) print(`\nErreurs : ${load.errorSamples.join(' | ')}`);
  print(`\nZéro erreur : ${verdict(load.errors === 0)}.`);

  if (SOAK_MINUTES > 0) {
    const samples: MemorySample[] = [];
    const started = Date.now();
    let missed = 0;
    const sample = async () => {
      try {
        samples.push({ minute: (Date.now() - started) / 60_000, rssMiB: await rssMiB(pid), heapMiB: await heapMiB(metricsPort) });
      } catch {
        // A scrape refused under load is a missing point, not a failed run; the count is printed.
        missed += 1;
      }
    };
    await sample();
    const timer = setInterval(() => void sample(), SAMPLE_EVERY_S * 1000);
    const soak = await askInLoop(`endurance ${SOAK_MINUTES} min`, server.port, pupils, SOAK_MINUTES * 60);
    clearInterval(timer);
    await sample();
    heading(`Endurance : les mêmes ${PUPILS} élèves pendant ${SOAK_MINUTES} min, mémoire du serveur relevée toutes les ${SAMPLE_EVERY_S} s`);
    print(table(['essai', 'messages', 'messages/s', 'erreurs', 'latence p50 (ms)', 'latence p99 (ms)', 'premier jeton p99 (ms)'], [row(soak)]));
    if (soak.errorSamples.length) print(`\nErreurs : ${soak.errorSamples.join(' | ')}`);
    print('');
    if (missed > 0) print(`(${missed} relevés de mémoire manqués sur ${samples.length + missed})\n`);
    const minutes = perMinute(samples).filter((m) => m.minute < SOAK_MINUTES);
    print(table(['minute', 'RSS max (Mio)', 'tas V8 plancher (Mio)', 'tas V8 max (Mio)'], minutes.map((m) => [m.minute, fmt(m.rssPeak, 0), fmt(m.heapFloor, 0), fmt(m.heapPeak, 0)])));
    // Judged on the heap's lowest point, the live data after a collection: a leak makes it climb. The lowest
    // sample of a single minute is noisy (a minute may hold no sample taken just after a major collection),
    // so the last third of the soak is compared with the first third (warm-up minute 0 left out).
    const third = Math.max(1, Math.floor(SOAK_MINUTES / 3));
    const lowest = (ms: MinuteSummary[]) => Math.min(...ms.map((m) => m.heapFloor));
    const early = lowest(minutes.filter((m) => m.minute >= 1 && m.minute <= third));
    const lateLow = lowest(minutes.filter((m) => m.minute >= SOAK_MINUTES - third));
    const rssSlope = slope(minutes.filter((m) => m.minute >= SOAK_MINUTES / 2).map((m) => ({ x: m.minute, y: m.rssPeak })));
    const flat = lateLow <= early * 1.1 && rssSlope < 2;
    print(
      `\nTas au plus bas : ${fmt(early, 0)} Mio sur le premier tiers, ${fmt(lateLow, 0)} Mio sur le dernier ; pente du RSS max sur la seconde moitié ${fmt(rssSlope, 2)} Mio/min ` +
        `(sans fuite si le plus bas du dernier tiers ne dépasse pas celui du premier de plus de 10 % et si le RSS monte de moins de 2 Mio/min : ${verdict(flat)}).`,
    );
  }
} finally {
  await server?.stop('SIGTERM', 15_000);
  await stub?.kill();
  await rm(dir, { recursive: true, force: true });
}
