// Benchmark 4 of issue 3: serving overhead. A zero-latency fake model streams 50 tokens; 32 pupils on 32
// loopback connections send messages back to back through the whole path (session cookie, policy, school
// rules, storage and encryption on SQLite, scheduler, SSE). Messages/s and p50/p99 latency, beside a bare
// node:http server streaming the same events with none of that, measured in the same run.
//
//   node bench/serving.ts [--profile DIR]   (DIR: where the server process writes its CPU profile)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ask, createConversation, login, serverCpuMs, startServerProcess, type AnswerTiming, type Pupil, type ServerHandle } from './lib/http-client.ts';
import { fmt, heading, percentile, print, table, verdict } from './lib/report.ts';

const CONNECTIONS = 32;
const TOKENS = 50;
/** The fake model (bench/lib/serve.ts) answers "mot0 mot1 … mot49 ". */
const EXPECTED_CHARS = Array.from({ length: TOKENS }, (_, i) => `mot${i} `).join('').length;
const MESSAGES_PER_CONNECTION = 50;
/** A pupil's conversation seldom runs longer; the history is read and decrypted for every answer. */
const MESSAGES_PER_CONVERSATION = 10;
const REPEATS = 3;

interface Run {
  messagesPerSecond: number;
  /** Server process CPU time per message. */
  cpuMsPerMessage: number;
  latenciesMs: number[];
  failures: string[];
}

async function runLoad(port: number, pupils: Pupil[], conversations: string[][] | null): Promise<Run> {
  const cpuBefore = await serverCpuMs(port);
  const started = performance.now();
  const timings: AnswerTiming[][] = await Promise.all(
    pupils.map(async (pupil, i) => {
      const mine: AnswerTiming[] = [];
      for (let m = 0; m < MESSAGES_PER_CONNECTION; m++) {
        const conversation = conversations ? conversations[i]![Math.floor(m / MESSAGES_PER_CONVERSATION)]! : 'bare';
        mine.push(await ask(port, pupil, conversation, `Question numéro ${m} : comment factoriser x² − 9 ?`));
      }
      return mine;
    }),
  );
  const all = timings.flat();
  const ended = Math.max(...all.map((t) => t.doneAt));
  const cpuMs = (await serverCpuMs(port)) - cpuBefore;
  // Output moderation regroups tokens a few words at a time: the whole text must arrive, not each token apart.
  const failures = all.filter((t) => t.outcome !== 'done' || t.chars !== EXPECTED_CHARS).map((t) => `${t.outcome} (${t.chars} caractères sur ${EXPECTED_CHARS})`);
  return { messagesPerSecond: (all.length / (ended - started)) * 1000, cpuMsPerMessage: cpuMs / all.length, latenciesMs: all.map((t) => t.doneAt - t.sentAt), failures };
}

async function openConversations(server: ServerHandle, pupils: Pupil[]): Promise<string[][]> {
  const perPupil = Math.ceil(MESSAGES_PER_CONNECTION / MESSAGES_PER_CONVERSATION);
  return Promise.all(
    pupils.map(async (pupil) => {
      const ids: string[] = [];
      for (let c = 0; c < perPupil; c++) ids.push(await createConversation(server.port, pupil));
      return ids;
    }),
  );
}

const { values } = parseArgs({ options: { profile: { type: 'string' } } });
heading('Surcoût du service (modèle factice sans latence, SQLite)');
print(`${CONNECTIONS} connexions simultanées sur la boucle locale, ${MESSAGES_PER_CONNECTION} messages chacune, réponses de ${TOKENS} jetons, ${REPEATS} passes alternées.`);
const dataDir = mkdtempSync(join(tmpdir(), 'tuteur-bench-serving-'));
const tuteur = await startServerProcess(join(import.meta.dirname, 'lib', 'serve.ts'), [
  '--provider', 'fake',
  '--fake-tokens', String(TOKENS),
  '--parallel', String(CONNECTIONS),
  '--max-tokens', String(TOKENS + 14),
  '--pupils', String(CONNECTIONS),
  '--db', join(dataDir, 'bench.sqlite'),
], values.profile);
const bare = await startServerProcess(join(import.meta.dirname, 'lib', 'bare-sse.ts'), ['--tokens', String(TOKENS)]);
try {
  const pupils = await Promise.all(tuteur.logins.map((name) => login(tuteur.port, name, tuteur.password)));
  const barePupils = pupils.map((p) => ({ ...p, origin: `http://127.0.0.1:${bare.port}` }));
  // Warm-up: connections, JIT, SQLite pages, every pupil's data key.
  const warmup = await openConversations(tuteur, pupils);
  await Promise.all(pupils.map((pupil, i) => ask(tuteur.port, pupil, warmup[i]![0]!, 'Bonjour')));
  await runLoad(bare.port, barePupils, null);

  const tuteurRuns: Run[] = [];
  const bareRuns: Run[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const conversations = await openConversations(tuteur, pupils);
    if (repeat % 2 === 0) {
      tuteurRuns.push(await runLoad(tuteur.port, pupils, conversations));
      bareRuns.push(await runLoad(bare.port, barePupils, null));
    } else {
      bareRuns.push(await runLoad(bare.port, barePupils, null));
      tuteurRuns.push(await runLoad(tuteur.port, pupils, conversations));
    }
  }
  const summary = (runs: Run[]) => {
    const latencies = runs.flatMap((r) => r.latenciesMs);
    return {
      rate: percentile(runs.map((r) => r.messagesPerSecond), 50),
      cpu: percentile(runs.map((r) => r.cpuMsPerMessage), 50),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      count: latencies.length,
      failures: runs.flatMap((r) => r.failures),
    };
  };
  const t = summary(tuteurRuns);
  const b = summary(bareRuns);
  print('');
  print(
    table(
      ['', 'messages', 'messages/s', 'latence p50 (ms)', 'latence p99 (ms)', 'CPU serveur par message (ms)', 'messages/s par cœur libre (1000 ÷ CPU)'],
      [
        ['Tuteur (chemin complet)', `${t.count}${t.failures.length ? ` (${t.failures.length} en échec)` : ''}`, fmt(t.rate, 0), fmt(t.p50), fmt(t.p99), fmt(t.cpu, 2), fmt(1000 / t.cpu, 0)],
        ['node:http nu (référence)', b.count, fmt(b.rate, 0), fmt(b.p50), fmt(b.p99), fmt(b.cpu, 2), fmt(1000 / b.cpu, 0)],
        ['cible', '', '≥ 500', '', '≤ 100', '', ''],
        ['', '', verdict(t.rate >= 500), '', verdict(t.p99 <= 100), '', ''],
      ],
    ),
  );
  for (const failure of [...new Set(t.failures)].slice(0, 5)) print(`Échec : ${failure.slice(0, 200)}`);
  // The issue asks why a missed target is missed and what would fix it: derived from this run's own figures.
  if (t.p99 > 100 || t.rate < 500) {
    const littleMs = (CONNECTIONS / t.rate) * 1000;
    print(
      `\nPourquoi : les ${CONNECTIONS} élèves renvoient un message dès la réponse reçue (boucle fermée) ; la latence moyenne vaut alors ` +
        `${CONNECTIONS} ÷ débit = ${fmt(littleMs)} ms (loi de Little), et le débit est borné par le CPU du serveur, dont presque tout passe ` +
        `par une seule boucle d’événements : ${fmt(t.cpu, 2)} ms par message (tous fils du processus compris). Ici p99 = ` +
        `${fmt(t.p99 / t.p50, 1)} × p50 (messages servis dans leur ordre d’arrivée, quelques-uns par tour de boucle : http/request-turns.ts).`,
    );
    // In a saturated closed loop every latency scales with the CPU per message.
    const neededCpu = t.cpu * Math.min(100 / t.p99, t.rate / 500);
    print(
      `Ce qui corrigerait : ≈ ${fmt(neededCpu, 2)} ms de CPU par message au plus pour tenir les deux cibles à ce rapport p99/p50 (les latences ` +
        'suivent le CPU par message), ou une seconde instance sur un autre cœur derrière le répartiteur (disposition académie, ' +
        '`bench/cluster.ts`). Détail du CPU : `node bench/serving.ts --profile DIR`.',
    );
  }
} finally {
  await Promise.all([tuteur.stop(), bare.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
}
