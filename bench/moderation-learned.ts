// Learned moderation scorer (issue 5, second layer): leave-one-lot-out cross-validation figures per category at
// both thresholds (routing to the second opinion, outright flag), the share of benign lines each costs, and the
// time to score one message beside the lexical classify() measured in the same run.
//
//   node bench/moderation-learned.ts [--passes 20]
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../src/server/modules/moderation/categories.ts';
import { classify } from '../src/server/modules/moderation/classify.ts';
import { loadModerationSet } from '../src/server/modules/moderation/evaluation.ts';
import { LOTS, THRESHOLD_TARGETS, measure, nestedFigures, outOfLotScores, withFeatures, type Figures } from '../src/server/modules/moderation/learned/crossval.ts';
import { learnedScorer } from '../src/server/modules/moderation/learned/scorer.ts';
import { loadWeights } from '../src/server/modules/moderation/learned/weights.ts';
import { fmt, heading, print, table } from './lib/report.ts';
import { latencyRows, timeEach } from './lib/timing.ts';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '20' } } });
const PASSES = Number(values.passes);
const TARGET_P99_MS = 0.3;

const set = loadModerationSet();
const weights = loadWeights();
const scorer = learnedScorer();

heading('Modération : score appris (issue 5)');
print(`${set.length} messages ; modèle enregistré : ${weights.lines} lignes, lissage alpha ${weights.options.alpha}.`);

const scored = outOfLotScores(withFeatures(set), weights.options);
const committed = {
  calibration: Object.fromEntries(CATEGORIES.map((c) => [c, weights.categories[c].calibration])) as Parameters<typeof measure>[1]['calibration'],
  thresholds: scorer.thresholds,
};
const ratio = (n: number, d: number) => (d === 0 ? '—' : fmt(n / d, 2));
const pct = (n: number, d: number) => `${fmt((100 * n) / d, 1)} % (${n}/${d})`;

/** `committedThresholds`: print the stored thresholds (the nested figures use other thresholds per lot). */
function figuresTable(f: Figures, committedThresholds: boolean): string {
  const threshold = (c: (typeof CATEGORIES)[number], key: 'suspectAt' | 'careAt' | 'flagAt') => (committedThresholds ? fmt(scorer.thresholds[c][key], 3) : 'par lot');
  const rows = CATEGORIES.map((c) => {
    const s = f.perCategory[c];
    return [
      c,
      s.support,
      threshold(c, 'suspectAt'),
      ratio(s.suspected, s.support),
      ratio(s.routed, s.support),
      threshold(c, 'careAt'),
      ratio(s.cared, s.support),
      `${s.benignCared}/${f.benign}`,
      threshold(c, 'flagAt'),
      ratio(s.flaggedRight, s.support),
      ratio(s.flaggedRight, s.flagged),
    ];
  });
  return [
    table(
      ['catégorie', 'n', 'suspectAt', 'rappel ≥ suspectAt', 'rappel routé (toute catégorie)', 'careAt', 'rappel ≥ careAt', 'sans risque ≥ careAt', 'flagAt', 'rappel ≥ flagAt', 'précision ≥ flagAt'],
      rows,
    ),
    '',
    `Messages sans risque marqués suspects (un appel au second avis chacun) : ${pct(f.benignSuspect, f.benign)} (cible ≤ 8 %) ; signalés : ${pct(f.benignFlagged, f.benign)} (cible ≤ ${THRESHOLD_TARGETS.flagBenignShare * 100} %).`,
    `Messages à risque routés vers le second avis : ${pct(f.riskyRouted, f.risky)}.`,
    `careAt ne sert qu’à self_harm et abuse : au-dessus, réponse bienveillante sans alerte même sans second avis (cible ≤ ${THRESHOLD_TARGETS.careBenignShare * 100} % des sans risque par catégorie).`,
  ].join('\n');
}

print(`\n### Validation croisée, un lot laissé de côté (${LOTS.join(', ')}) : seuils choisis sur les autres lots\n`);
print('Chiffre honnête de toute la procédure : chaque lot est mesuré avec la calibration et les seuils choisis sans lui.\n');
print(figuresTable(nestedFigures(scored), false));
print(`\n### Mêmes scores hors lot, seuils enregistrés (choisis sur tous les lots : optimiste)\n`);
print(figuresTable(measure(scored, committed), true));
print('\nPar lot (seuils enregistrés) :\n');
print(
  table(
    ['lot', 'sans risque suspects', 'à risque routés', ...CATEGORIES.map((c) => `${c} routé`)],
    LOTS.map((lot) => {
      const f = measure(
        scored.filter((s) => s.lot === lot),
        committed,
      );
      return [lot, pct(f.benignSuspect, f.benign), pct(f.riskyRouted, f.risky), ...CATEGORIES.map((c) => ratio(f.perCategory[c].routed, f.perCategory[c].support))];
    }),
  ),
);

const texts = set.map((l) => l.text);
const learned = timeEach(texts, (t) => scorer.score(t), PASSES);
const lexical = timeEach(texts, (t) => classify(t), PASSES);
print(`\n### Temps par message (${PASSES} passages sur ${texts.length} messages)\n`);
print(
  table(
    ['mesure (ms)', 'score appris', 'couche lexicale classify()', 'cible (score appris)', 'verdict'],
    latencyRows(learned, lexical, TARGET_P99_MS),
  ),
);
