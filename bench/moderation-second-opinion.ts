// The whole layered moderation with a real model (issue 5): the lexicon, the learned scorer, and the model's
// second opinion on the ambiguous messages only, decided as the chat decides (moderation/decision.ts), over the
// held-out lots of the labelled set. Prints recall and precision per category for each stage, how many messages
// waited for the model and how long. No instruct model can be downloaded on the development machine: run this
// where the school's model is (a GGUF file, an OpenAI-compatible server, or a name served by TUTEUR_LLM_BACKENDS).
//
//   node bench/moderation-second-opinion.ts --model <fichier.gguf|url|nom> [--jsonl lot.jsonl] [--threads N] [--limit N] [--timeout-ms 60000]
//   (--jsonl: a labelled lot {"id","text","labels"} written blind, instead of the held-out lots of the set)
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.ts';
import { openEvalModel, resolveModelTarget } from '../src/server/modules/eval/model.ts';
import { CATEGORIES, type Category } from '../src/server/modules/moderation/categories.ts';
import { decideModeration, showsCare } from '../src/server/modules/moderation/decision.ts';
import { evaluate, isHeldOut, loadModerationSet } from '../src/server/modules/moderation/evaluation.ts';
import { classifyPupilMessage } from '../src/server/modules/moderation/pupil-message.ts';
import { askedCategories, askSecondOpinion } from '../src/server/modules/moderation/second-opinion.ts';
import { fmt, heading, percentile, print, table } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    jsonl: { type: 'string' },
    threads: { type: 'string', default: String(availableParallelism()) },
    limit: { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
  },
});
if (!values.model) {
  print('Usage : node bench/moderation-second-opinion.ts --model <fichier.gguf|url|nom> [--jsonl lot.jsonl] [--threads N] [--limit N] [--timeout-ms 60000]');
  process.exit(2);
}

const heldOut = values.jsonl === undefined ? loadModerationSet().filter((l) => isHeldOut(l.id)) : loadModerationSet(values.jsonl);
// --limit takes lines spread evenly over the lots (each lot starts with its benign lines), not the first ones.
const step = values.limit === undefined ? 1 : Math.max(1, Math.floor(heldOut.length / Number(values.limit)));
const lines = heldOut.filter((_, i) => i % step === 0).slice(0, values.limit === undefined ? undefined : Number(values.limit));
const opened = await openEvalModel(resolveModelTarget(values.model, process.cwd(), () => loadConfig(process.env, process.cwd())), { threads: Number(values.threads) });
heading('Modération : les trois couches avec le modèle (issue 5)');
print(`${lines.length} messages mis de côté ; modèle ${opened.info.name} (${opened.info.backend}), chargé en ${fmt(opened.loadMs / 1000, 1)} s.`);
if (values.jsonl === undefined) {
  print(
    'Attention : la couche apprise est entraînée sur ces lots ; ses chiffres ici sont optimistes. Le second avis, lui, ne les a ' +
      'jamais vus : pour un chiffre honnête de tout l’ensemble, donner un lot écrit à l’aveugle (--jsonl, voir data/README.md).',
  );
}

interface Outcome {
  lexicon: Category[];
  fast: Category[];
  final: Category[];
  cared: boolean;
  asked: boolean;
  answered: boolean;
  ms: number;
}
// By text: evaluate() hands each message's text to the predictor (a text written twice gets the same outcome).
const outcomes = new Map<string, Outcome>();
try {
  for (const line of lines) {
    const fast = classifyPupilMessage(line.text);
    let verdict;
    let ms = 0;
    if (fast.ambiguous) {
      const started = performance.now();
      verdict = (await askSecondOpinion(opened.provider, line.text, { hints: askedCategories(fast), timeoutMs: Number(values['timeout-ms']) })).verdict;
      ms = performance.now() - started;
    }
    const final = decideModeration(fast, verdict);
    outcomes.set(line.text, {
      lexicon: fast.categories,
      fast: [...new Set([...fast.categories, ...fast.careCues])],
      final: final.categories,
      cared: showsCare(final),
      asked: fast.ambiguous,
      answered: verdict !== undefined && verdict !== null,
      ms,
    });
  }
} finally {
  await opened.provider.close();
}

const stage = (pick: (o: Outcome) => Category[]) => evaluate(lines, (text) => pick(outcomes.get(text)!));
const rows = [
  ['lexique seul (signale)', stage((o) => o.lexicon)],
  ['couches rapides (signale ou réponse attentionnée)', stage((o) => o.fast)],
  ['avec le second avis (signale)', stage((o) => o.final)],
] as const;
print(
  '\n' +
    table(
      ['étape', ...CATEGORIES.map((c) => `${c} rappel / précision`), 'anodins signalés'],
      rows.map(([name, e]) => [
        name,
        ...CATEGORIES.map((c) => `${fmt(e.perCategory[c].recall, 2)} / ${fmt(e.perCategory[c].precision, 2)}`),
        `${fmt(e.falsePositiveRate * 100, 1)} % (${e.benignFlagged}/${e.benignLines})`,
      ]),
    ),
);
const all = [...outcomes.values()];
const asked = all.filter((o) => o.asked);
const distress = lines.filter((l) => l.labels.includes('self_harm') || l.labels.includes('abuse'));
const waits = asked.map((o) => o.ms);
print(
  `\nEnvoyés au modèle : ${asked.length}/${all.length} ; réponse valide à temps : ${asked.filter((o) => o.answered).length}` +
    (waits.length > 0 ? ` ; attente p50 ${fmt(percentile(waits, 50))} ms, p99 ${fmt(percentile(waits, 99))} ms.` : '.'),
);
print(
  `Numéros d’aide montrés : ${distress.filter((l) => outcomes.get(l.text)!.cared).length}/${distress.length} messages self_harm ou abuse, ` +
    `${lines.filter((l) => l.labels.length === 0 && outcomes.get(l.text)!.cared).length}/${lines.filter((l) => l.labels.length === 0).length} anodins.`,
);
