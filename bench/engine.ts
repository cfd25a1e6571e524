// Benchmarks 1 to 3 of issue 3, per model: aggregate tokens/s through the whole HTTP path (login cookie,
// policy, storage, encryption, scheduler, SSE) at 1, 4, 8 and 16 concurrent pupils against node-llama-cpp
// driven directly with the same parallelism and threads; the batching gain 8 ÷ 1 of both; the time to
// first token our path adds, sampled apart with answers stopped at their first text. Levels alternate between the
// two paths so background load hits both alike.
//
//   node bench/engine.ts --model stories260K|llama100M [--model-dir DIR] [--threads N] [--profile DIR]
//   (--profile: the server process writes a V8 CPU profile into DIR)
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseThreads, measureThreadCount } from '../src/server/modules/llm/generation-speed.ts';
import { firstQuestionTurns, openDirectEngine, type DirectEngine } from './lib/direct-engine.ts';
import { ask, createConversation, login, ownCpuMs, serverCpuMs, startServerProcess, type Pupil, type ServerHandle } from './lib/http-client.ts';
import { llama100mModel, storiesModel, type BenchModel } from './lib/models.ts';
import { fmt, heading, percentile, print, table, verdict } from './lib/report.ts';

const QUESTION = 'Comment résoudre l’équation 3x + 5 = 20 ? Je ne sais pas par où commencer.';
/** The class level bench/lib/serve.ts gives its pupils (seedSchool's default). */
const LEVEL = '2nde';
const LEVELS = [1, 4, 8, 16] as const;
type Level = (typeof LEVELS)[number];

interface ModelPlan {
  parallel: number;
  sequenceContext: number;
  maxTokens: number;
  /** Answers per pupil at each level: enough tokens to time, within about three minutes in all. */
  rounds: Record<Level, number>;
  /** Alternating runs of both paths per level; the median is kept (the machine is shared, its load varies). */
  repeats: number;
  /** Rounds of time-to-first-token samples at 1 and 8 pupils (each round: that many answers on each path). */
  ttftRounds: { 1: number; 8: number };
}

const PLANS: Record<BenchModel['key'], ModelPlan> = {
  stories260K: { parallel: 8, sequenceContext: 256, maxTokens: 128, rounds: { 1: 12, 4: 4, 8: 3, 16: 2 }, repeats: 3, ttftRounds: { 1: 30, 8: 6 } },
  llama100M: { parallel: 8, sequenceContext: 256, maxTokens: 64, rounds: { 1: 2, 4: 1, 8: 1, 16: 1 }, repeats: 1, ttftRounds: { 1: 24, 8: 3 } },
};

/**
 * Throughput is counted in characters of answer text, the one unit both paths see alike (our path groups
 * tokens into whole words before showing them), then converted to tokens with the direct engine's
 * tokens-per-character ratio: both paths decode the same prompt greedily, so they write the same text.
 */
interface LevelResult {
  charsPerSecond: number;
  /** CPU time of the process doing the work (server process, or this one for the direct engine). */
  cpuMs: number;
  answers: number;
  chars: number;
  /** Tokens generated (direct engine only: the HTTP path does not see tokens). */
  tokens: number;
  failures: number;
  /** Distinct failure outcomes (HTTP status or error event), to say why. */
  failureKinds: string[];
}

/** Median throughput of the repeats; every answer's timings and counts kept. */
function combine(runs: LevelResult[]): LevelResult {
  const rates = runs.map((r) => r.charsPerSecond);
  return {
    charsPerSecond: percentile(rates, 50),
    cpuMs: runs.reduce((sum, r) => sum + r.cpuMs, 0),
    answers: runs.reduce((sum, r) => sum + r.answers, 0),
    chars: runs.reduce((sum, r) => sum + r.chars, 0),
    tokens: runs.reduce((sum, r) => sum + r.tokens, 0),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    failureKinds: [...new Set(runs.flatMap((r) => r.failureKinds))],
  };
}

async function chooseBenchThreads(model: BenchModel): Promise<number> {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ build: 'never', gpu: false, maxThreads: availableParallelism(), logLevel: LlamaLogLevel.error });
  const loaded = await llama.loadModel({ modelPath: model.path });
  try {
    const samples = [];
    for (let threads = 1; threads <= availableParallelism(); threads++) {
      samples.push(await measureThreadCount(loaded, threads, { single: { maxTokens: 128, maxMs: 1500 }, batch: { maxTokens: 64, maxMs: 3000 } }));
    }
    return chooseThreads(samples);
  } finally {
    await loaded.dispose();
    await llama.dispose();
  }
}

async function httpLevel(server: ServerHandle, pupils: Pupil[], level: Level, rounds: number): Promise<LevelResult> {
  const active = pupils.slice(0, level);
  // Conversations are opened before the clock starts: the benchmark times answers, not set-up.
  const conversations = await Promise.all(active.map(async (pupil) => {
    const ids: string[] = [];
    for (let r = 0; r < rounds; r++) ids.push(await createConversation(server.port, pupil));
    return ids;
  }));
  const cpuBefore = await serverCpuMs(server.port);
  const started = performance.now();
  const timings = (
    await Promise.all(
      active.map(async (pupil, i) => {
        const mine = [];
        for (const id of conversations[i]!) mine.push(await ask(server.port, pupil, id, QUESTION));
        return mine;
      }),
    )
  ).flat();
  const ended = Math.max(...timings.map((t) => t.doneAt));
  const cpuMs = (await serverCpuMs(server.port)) - cpuBefore;
  const chars = timings.reduce((sum, t) => sum + t.chars, 0);
  return {
    charsPerSecond: (chars / (ended - started)) * 1000,
    cpuMs,
    answers: timings.length,
    chars,
    tokens: 0,
    failures: timings.filter((t) => t.outcome !== 'done').length,
    failureKinds: [...new Set(timings.filter((t) => t.outcome !== 'done').map((t) => t.outcome.slice(0, 200)))],
  };
}

async function directLevel(engine: DirectEngine, plan: ModelPlan, level: Level): Promise<LevelResult> {
  const turns = firstQuestionTurns(QUESTION, LEVEL);
  const cpuBefore = ownCpuMs();
  const started = performance.now();
  const timings = (
    await Promise.all(
      Array.from({ length: level }, async () => {
        const mine = [];
        for (let r = 0; r < plan.rounds[level]; r++) mine.push(await engine.answer(turns, plan.maxTokens));
        return mine;
      }),
    )
  ).flat();
  const ended = Math.max(...timings.map((t) => t.doneAt));
  const cpuMs = ownCpuMs() - cpuBefore;
  const chars = timings.reduce((sum, t) => sum + t.chars, 0);
  return {
    charsPerSecond: (chars / (ended - started)) * 1000,
    cpuMs,
    answers: timings.length,
    chars,
    tokens: timings.reduce((sum, t) => sum + t.tokens, 0),
    failures: 0,
    failureKinds: [],
  };
}

interface TtftSamples {
  /** Request sent → first token event (the first text shown to the pupil). */
  http: number[];
  /** Generation asked → first text chunk, and → first text holding a word separator (what our path could show first). */
  direct: number[];
  directShowable: number[];
}

/** Lets the server end the generations of pupils who left before the next round is timed. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/**
 * Time to first token, sampled apart from throughput: per round, `level` answers on each path (which path goes first
 * alternates), each stopped as soon as its first text is there, so a sample costs a prompt evaluation, not an answer.
 */
async function ttftLevel(server: ServerHandle, pupils: Pupil[], engine: DirectEngine, plan: ModelPlan, level: 1 | 8): Promise<TtftSamples> {
  const samples: TtftSamples = { http: [], direct: [], directShowable: [] };
  const turns = firstQuestionTurns(QUESTION, LEVEL);
  for (let round = 0; round < plan.ttftRounds[level]; round++) {
    const offset = (round * level) % pupils.length;
    const active = [...pupils.slice(offset), ...pupils.slice(0, offset)].slice(0, level);
    const conversations = await Promise.all(active.map((pupil) => createConversation(server.port, pupil)));
    const httpRound = async () => {
      const timings = await Promise.all(active.map((pupil, i) => ask(server.port, pupil, conversations[i]!, QUESTION, { untilFirstToken: true })));
      for (const t of timings) if (t.firstTokenAt !== null) samples.http.push(t.firstTokenAt - t.sentAt);
      await settle();
    };
    const directRound = async () => {
      const timings = await Promise.all(active.map(() => engine.answer(turns, plan.maxTokens, { untilShowable: true })));
      for (const t of timings) {
        if (t.firstTokenAt !== null) samples.direct.push(t.firstTokenAt - t.startedAt);
        if (t.firstShowableAt !== null) samples.directShowable.push(t.firstShowableAt - t.startedAt);
      }
      await settle();
    };
    if (round % 2 === 0) {
      await httpRound();
      await directRound();
    } else {
      await directRound();
      await httpRound();
    }
  }
  return samples;
}

async function runEngineBenchmark(model: BenchModel, threadsOption: number | undefined, profileDir: string | undefined): Promise<void> {
  const plan = PLANS[model.key];
  const threads = threadsOption ?? (await chooseBenchThreads(model));
  heading(`Moteur : ${model.label}`);
  print(
    `Réglages identiques des deux côtés : threads ${threads}${threadsOption === undefined ? ' (choisi par mesure, comme `tuteur model check`)' : ''}, ` +
      `${plan.parallel} séquences parallèles, contexte ${plan.sequenceContext} jetons par séquence, réponses de ${plan.maxTokens} jetons au plus, ` +
      `décodage glouton (mêmes réponses des deux côtés), invite système tronquée par la même règle.`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'tuteur-bench-engine-'));
  const server = await startServerProcess(join(import.meta.dirname, 'lib', 'serve.ts'), [
    '--model', model.path,
    '--threads', String(threads),
    '--parallel', String(plan.parallel),
    '--context-size', String(plan.sequenceContext * plan.parallel),
    '--max-tokens', String(plan.maxTokens),
    '--pupils', String(Math.max(...LEVELS)),
    '--db', join(dataDir, 'bench.sqlite'),
  ], profileDir);
  const engine = await openDirectEngine({ modelPath: model.path, threads, parallel: plan.parallel, sequenceContext: plan.sequenceContext });
  try {
    const pupils = await Promise.all(server.logins.map((name) => login(server.port, name, server.password)));
    // Warm-up on both paths: page cache, graph allocation, JIT.
    await ask(server.port, pupils[0]!, await createConversation(server.port, pupils[0]!), QUESTION);
    await engine.answer(firstQuestionTurns(QUESTION, LEVEL), plan.maxTokens);

    const http = new Map<Level, LevelResult>();
    const direct = new Map<Level, LevelResult>();
    for (const level of LEVELS) {
      const httpRuns: LevelResult[] = [];
      const directRuns: LevelResult[] = [];
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        // Pupils rotate between levels so no account reaches the school's daily quota.
        const offset = (LEVELS.indexOf(level) * 4 + repeat * level) % pupils.length;
        const rotated = [...pupils.slice(offset), ...pupils.slice(0, offset)];
        // The order alternates too, so a load change during a repeat does not always favour the same path.
        if (repeat % 2 === 0) {
          httpRuns.push(await httpLevel(server, rotated, level, plan.rounds[level]));
          directRuns.push(await directLevel(engine, plan, level));
        } else {
          directRuns.push(await directLevel(engine, plan, level));
          httpRuns.push(await httpLevel(server, rotated, level, plan.rounds[level]));
        }
      }
      http.set(level, combine(httpRuns));
      direct.set(level, combine(directRuns));
    }
    const directAll = [...direct.values()];
    const tokensPerChar = directAll.reduce((sum, r) => sum + r.tokens, 0) / directAll.reduce((sum, r) => sum + r.chars, 0);
    const tokensPerSecond = (r: LevelResult) => r.charsPerSecond * tokensPerChar;

    print(`\n### 1. Débit agrégé (jetons/s) par le chemin HTTP complet et par node-llama-cpp direct\n`);
    print(
      table(
        ['élèves simultanés', 'réponses', 'Tuteur HTTP', 'node-llama-cpp direct', 'ratio', 'cible', ''],
        LEVELS.map((level) => {
          const h = http.get(level)!;
          const d = direct.get(level)!;
          const ratio = h.charsPerSecond / d.charsPerSecond;
          const targeted = level >= 8;
          return [
            level,
            `${h.answers}${h.failures ? ` (${h.failures} en échec)` : ''}`,
            fmt(tokensPerSecond(h)),
            fmt(tokensPerSecond(d)),
            fmt(ratio, 2),
            targeted ? '≥ 0,90' : '—',
            targeted ? verdict(ratio >= 0.9) : '',
          ];
        }),
      ),
    );

    print(`\nCPU consommé par jeton (ms), tous threads du processus compris — peu sensible à la charge des autres processus :\n`);
    print(
      table(
        ['élèves simultanés', 'Tuteur (processus serveur)', 'node-llama-cpp direct', 'surcoût'],
        LEVELS.map((level) => {
          const h = http.get(level)!;
          const d = direct.get(level)!;
          const perToken = (r: LevelResult) => r.cpuMs / Math.max(1, r.chars * tokensPerChar);
          return [level, fmt(perToken(h), 3), fmt(perToken(d), 3), `${fmt((perToken(h) / perToken(d) - 1) * 100, 0)} %`];
        }),
      ),
    );

    const gainHttp = http.get(8)!.charsPerSecond / http.get(1)!.charsPerSecond;
    const gainDirect = direct.get(8)!.charsPerSecond / direct.get(1)!.charsPerSecond;
    print(`\n### 2. Gain du traitement par lots (débit à 8 ÷ débit à 1)\n`);
    print(
      table(
        ['Tuteur HTTP', 'node-llama-cpp direct', 'Ollama par défaut', 'rapport des gains', 'cible', ''],
        [[fmt(gainHttp, 2), fmt(gainDirect, 2), '1,00 (une requête à la fois)', fmt(gainHttp / gainDirect, 2), '≥ 0,90 × direct', verdict(gainHttp >= 0.9 * gainDirect)]],
      ),
    );

    const ttft = new Map<1 | 8, TtftSamples>();
    for (const level of [1, 8] as const) ttft.set(level, await ttftLevel(server, pupils, engine, plan, level));
    print(`\n### 3. Temps jusqu’au premier jeton (ms) : ajouté par notre chemin\n`);
    print(
      'Mesuré à part, réponses arrêtées dès le premier texte, les deux chemins en alternance. « Ajouté » : premier texte montré par ' +
        'HTTP moins premier jeton en direct (définition du ticket). Notre chemin ne montre le texte que jusqu’à une fin de mot jugée par ' +
        'la modération de sortie, sauf un premier mot qu’aucun mot interdit ne peut prolonger (montré à mesure) : la dernière colonne ' +
        'retire ce délai voulu (direct : premier texte contenant un séparateur de mots, ou premier mot montrable ainsi).\n',
    );
    print(
      table(
        ['élèves', 'échantillons', 'HTTP p50', 'direct p50', 'ajouté p50', 'HTTP p99', 'direct p99', 'ajouté p99', 'cible p50', '', 'ajouté p50 hors attente du mot'],
        ([1, 8] as const).map((level) => {
          const { http: h, direct: d, directShowable: s } = ttft.get(level)!;
          const added50 = percentile(h, 50) - percentile(d, 50);
          const added99 = percentile(h, 99) - percentile(d, 99);
          return [
            level,
            `${h.length} / ${d.length}`,
            fmt(percentile(h, 50)),
            fmt(percentile(d, 50)),
            fmt(added50),
            fmt(percentile(h, 99)),
            fmt(percentile(d, 99)),
            fmt(added99),
            '≤ 10 ms',
            verdict(added50 <= 10),
            fmt(percentile(h, 50) - percentile(s, 50)),
          ];
        }),
      ),
    );
    // The issue asks why a missed target is missed: the added time split, from this run, into the word wait and the rest.
    for (const level of [1, 8] as const) {
      const { http: h, direct: d, directShowable: s } = ttft.get(level)!;
      const added = percentile(h, 50) - percentile(d, 50);
      if (added <= 10) continue;
      const wordWait = percentile(s, 50) - percentile(d, 50);
      const ours = percentile(h, 50) - percentile(s, 50);
      print(
        `\nManqué à ${level} élève${level > 1 ? 's' : ''} : ${fmt(added)} ms ajoutés, dont ${fmt(wordWait)} ms d’attente d’un premier mot montrable ` +
          `(mesurée en direct : premier texte montrable moins premier jeton) et ${fmt(ours)} ms de notre chemin. ` +
          (wordWait >= ours
            ? 'L’attente est voulue : le premier jeton commence un mot qu’un mot interdit peut encore prolonger (« m » → « merde », ' +
              '« j » → « jpp »), et la modération de sortie ne montre jamais le début d’un tel mot. Avec un vrai modèle, dont les jetons sont ' +
              'des mots entiers, le premier mot sans danger est montré dès son jeton.'
            : `Notre chemin : le travail du serveur avant chaque génération (session, règles, modération, chiffrement, écriture) ` +
              `passe une question après l’autre sur sa boucle d’événements, et partage les ${availableParallelism()} cœurs avec llama.cpp ; ` +
              'ce qui le réduirait : moins de CPU par question, ou une machine où les fils de llama.cpp ne prennent pas tous les cœurs.'),
      );
    }
    const httpChars = [...http.values()].reduce((sum, r) => sum + r.chars, 0);
    print(
      `\n(Débits comptés en caractères de réponse, convertis avec ${fmt(tokensPerChar, 3)} jeton par caractère mesuré en direct ; ` +
        `${httpChars} caractères reçus par HTTP au total ; p99 sur peu d’échantillons = le maximum observé.)`,
    );
    // Greedy decoding of the same prompt: both paths must write the same answers, or the comparison is off.
    for (const level of LEVELS) {
      const h = http.get(level)!;
      const d = direct.get(level)!;
      const perAnswer = (r: LevelResult) => r.chars / Math.max(1, r.answers - r.failures);
      // A few characters of drift can come from batching (a different batch changes float rounding).
      if (Math.abs(perAnswer(h) - perAnswer(d)) > 0.02 * perAnswer(d)) {
        print(`Attention (niveau ${level}) : ${fmt(perAnswer(h))} caractères par réponse par HTTP contre ${fmt(perAnswer(d))} en direct : les invites ou les réponses diffèrent.`);
      }
      for (const kind of h.failureKinds) print(`Échec HTTP au niveau ${level} : ${kind}`);
    }
  } finally {
    await engine.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

{
  const { values } = parseArgs({
    options: { model: { type: 'string', default: 'all' }, 'model-dir': { type: 'string' }, threads: { type: 'string' }, profile: { type: 'string' } },
  });
  const modelDir = values['model-dir'] ?? mkdtempSync(join(tmpdir(), 'tuteur-bench-models-'));
  const models: BenchModel[] = [];
  if (values.model === 'all' || values.model === 'stories260K') {
    const stories = storiesModel();
    if (stories) models.push(stories);
    else print('stories260K.gguf absent de ../shared/models : ignoré.');
  }
  if (values.model === 'all' || values.model === 'llama100M') models.push(await llama100mModel(modelDir));
  for (const model of models) await runEngineBenchmark(model, values.threads === undefined ? undefined : Number(values.threads), values.profile);
  if (values['model-dir'] === undefined) rmSync(modelDir, { recursive: true, force: true });
}
