// Personal-data redaction benchmark (issue 5): time per message of redact() with a 1 500-pupil roster, over
// the labelled PII set and the moderation set's messages (ordinary pupil traffic), beside a naive baseline
// measured in the same run (two regular expressions: something@something, 0 and nine digits); and the
// span-level precision and recall of both by type.
//
//   node bench/pii.bench.ts [--passes 20]
import { parseArgs } from 'node:util';
import { loadModerationSet } from '../src/server/modules/moderation/evaluation.ts';
import { PII_TARGETS, evaluatePii, loadPiiSet, loadRoster } from '../src/server/modules/pii/evaluation.ts';
import { findPii, redact } from '../src/server/modules/pii/redact.ts';
import type { RosterEntry } from '../src/server/modules/pii/roster.ts';
import { PII_TYPES, type PiiSpan } from '../src/server/modules/pii/types.ts';
import { fmt, heading, print, table, verdict } from './lib/report.ts';
import { latencyRows, timeEach } from './lib/timing.ts';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '20' } } });
const PASSES = Number(values.passes);
// Not a target of the issue: the moderation budget, since redaction runs on the same hot path.
const BUDGET_P99_MS = 1;

// The test roster plus 1 488 generated pupils: a large lycée.
const roster: RosterEntry[] = [...loadRoster()];
for (let i = 0; roster.length < 1500; i++) roster.push({ firstName: `Prénom${i}`, lastName: `Nom${i}` });

const NAIVE_EMAIL = /\S+@\S+/g;
const NAIVE_PHONE = /0\d{9}/g;
function naive(text: string): PiiSpan[] {
  return [
    ...[...text.matchAll(NAIVE_EMAIL)].map((m) => ({ type: 'email' as const, start: m.index, end: m.index + m[0].length })),
    ...[...text.matchAll(NAIVE_PHONE)].map((m) => ({ type: 'phone' as const, start: m.index, end: m.index + m[0].length })),
  ];
}

const piiSet = loadPiiSet();
const texts = [...piiSet.map((l) => l.text), ...loadModerationSet().map((l) => l.text)];


heading('Données personnelles : masquage (issue 5)');
print(`${texts.length} messages (${piiSet.length} du jeu étiqueté, le reste du jeu de modération), registre de ${roster.length} élèves, ${PASSES} passages.\n`);

const redaction = timeEach(texts, (t) => redact(t, { roster }), PASSES);
const baseline = timeEach(texts, naive, PASSES);
print(
  table(
    ['mesure (ms par message)', 'redact()', 'référence naïve (2 regex)', 'budget', 'verdict'],
    latencyRows(redaction, baseline, BUDGET_P99_MS),
  ),
);

for (const [label, find] of [
  ['redact()', (t: string) => findPii(t, { roster })],
  ['référence naïve', naive],
] as const) {
  print(`\n### Qualité : ${label}\n`);
  const rows = (['ensemble', 'mise de côté'] as const).flatMap((part) => {
    const lines = part === 'ensemble' ? piiSet : piiSet.filter((l) => l.id.startsWith('pii-held'));
    const e = evaluatePii(lines, find);
    return PII_TYPES.map((t) => {
      const s = e.perType[t];
      const met = s.precision >= PII_TARGETS.precision && s.recall >= PII_TARGETS.recall;
      return [part, t, s.support, fmt(s.precision, 2), fmt(s.recall, 2), '≥ 0.95 / ≥ 0.95', verdict(met)];
    });
  });
  print(table(['partie', 'type', 'n', 'précision', 'rappel', 'cible P / R', 'verdict'], rows));
}
