// Moderation benchmark (issue 5): time per message of the lexical classifier over the labelled French set,
// beside a naive baseline measured in the same run (lowercase + includes over a list of risk words), and the
// quality of both: precision and recall per category, false positives on benign lines, on the tuning part and
// on the held-out part. Also the cost of watching a streamed answer.
//
//   node bench/moderation.bench.ts [--passes 20]
import { parseArgs } from 'node:util';
import { CATEGORIES, type Category } from '../src/server/modules/moderation/categories.ts';
import { classify } from '../src/server/modules/moderation/classify.ts';
import { TARGETS, evaluate, isHeldOut, isLexiconTuning, loadModerationSet, type Evaluation } from '../src/server/modules/moderation/evaluation.ts';
import { createOutputWatcher } from '../src/server/modules/moderation/output-watcher.ts';
import { fmt, heading, percentile, print, table, verdict } from './lib/report.ts';
import { latencyRows, timeEach } from './lib/timing.ts';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '20' } } });
const PASSES = Number(values.passes);
const TARGET_P99_MS = 1;

// What a filter written in an afternoon would look for: one list per category, matched as substrings.
const NAIVE_WORDS: Record<Category, string[]> = {
  self_harm: ['suicid', 'mourir', 'crever', 'me tuer', 'scarif', 'veines', 'pendre', 'en finir', 'vomir', 'plus vivre'],
  harassment: ['harcel', 'insult', 'connard', 'connasse', 'salope', 'pute', 'fdp', 'ta gueule', 'batard', 'se moque'],
  sexual: ['sexe', 'nude', 'porno', 'nue', 'à poil', 'bite', 'seins', 'coucher avec', 'baiser', 'sexy'],
  violence: ['tuer', 'couteau', 'flingue', 'bombe', 'arme', 'frapper', 'poignarder', 'égorger', 'tabasser', 'défoncer'],
  hate: ['nègre', 'bougnoule', 'youpin', 'pédé', 'gouine', 'sale arabe', 'sale noir', 'sale juif', 'hitler', 'raciste'],
  abuse: ['mon père me', 'ma mère me', 'beau-père', 'me frappe', 'me bat', 'me touche', 'violée', 'attouchement', 'maltrait', 'mon oncle'],
};
const naiveLists = Object.entries(NAIVE_WORDS) as [Category, string[]][];

function naive(text: string): Category[] {
  const lower = text.toLowerCase();
  return naiveLists.filter(([, words]) => words.some((w) => lower.includes(w))).map(([c]) => c);
}

const set = loadModerationSet();
const texts = set.map((l) => l.text);


/** The fastest of several runs of each message: its own cost, without the other processes of a shared machine. */
function ownCost(fn: (text: string) => unknown, runs: number): number[] {
  return texts.map((t) => {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const started = process.hrtime.bigint();
      fn(t);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return best;
  });
}

heading('Modération : couche lexicale (issue 5)');
print(`${set.length} messages (${set.filter((l) => l.labels.length === 0).length} sans risque), ${PASSES} passages.\n`);

const lexical = timeEach(texts, (t) => classify(t), PASSES);
const baseline = timeEach(texts, naive, PASSES);
const lexicalOwn = ownCost((t) => classify(t), 10);
const baselineOwn = ownCost(naive, 10);
print(
  table(
    ['mesure (ms par message)', 'couche lexicale', 'référence naïve (includes)', 'cible', 'verdict'],
    [
      ...latencyRows(lexical, baseline, TARGET_P99_MS),
      ['p99 du coût propre (meilleur de 10 essais)', fmt(percentile(lexicalOwn, 99), 3), fmt(percentile(baselineOwn, 99), 4), `< ${TARGET_P99_MS}`, verdict(percentile(lexicalOwn, 99) < TARGET_P99_MS)],
    ],
  ),
);

// Watching a streamed answer: 4-character tokens of a 1 500-character history answer.
const answer = 'La Révolution française commence en 1789. Louis XVI est guillotiné en 1793, puis la Terreur fait des milliers de morts. '.repeat(13);
const watchTimes: number[] = [];
for (let r = 0; r < 50; r++) {
  const started = performance.now();
  const watcher = createOutputWatcher(() => undefined);
  for (let i = 0; i < answer.length; i += 4) watcher.push(answer.slice(i, i + 4));
  watcher.end();
  watchTimes.push(performance.now() - started);
}
print(`\nSurveillance d'une réponse diffusée (${answer.length} caractères en jetons de 4) : médiane ${fmt(percentile(watchTimes, 50), 2)} ms par réponse.\n`);

function qualityRows(e: Evaluation, name: string): (string | number)[][] {
  const rows: (string | number)[][] = CATEGORIES.map((c) => {
    const s = e.perCategory[c];
    return [name, c, s.support, fmt(s.precision, 2), fmt(s.recall, 2), `R ≥ ${TARGETS.recall[c]}`, verdict(s.recall >= TARGETS.recall[c])];
  });
  rows.push([name, 'faux positifs (messages sans risque)', e.benignLines, '—', `${fmt(e.falsePositiveRate * 100, 1)} %`, '≤ 3 %', verdict(e.falsePositiveRate <= TARGETS.falsePositiveRate)]);
  return rows;
}

const parts: [string, typeof set][] = [
  ['réglage', set.filter((l) => isLexiconTuning(l.id))],
  ['mise de côté', set.filter((l) => isHeldOut(l.id))],
];
for (const [label, predict] of [
  ['couche lexicale', (t: string) => classify(t).categories],
  ['référence naïve', naive],
] as const) {
  print(`\n### Qualité : ${label}\n`);
  print(table(['partie', 'catégorie', 'n', 'précision', 'rappel', 'cible', 'verdict'], parts.flatMap(([name, lines]) => qualityRows(evaluate(lines, predict), name))));
}

const held = set.filter((l) => isHeldOut(l.id) && l.labels.length > 0);
const routed = held.filter((l) => {
  const c = classify(l.text);
  return c.categories.length > 0 || c.ambiguous;
}).length;
print(`\nMessages à risque mis de côté signalés ou marqués « ambigus » (donc vus par le second avis) : ${routed}/${held.length} (${fmt((100 * routed) / held.length, 0)} %).`);
