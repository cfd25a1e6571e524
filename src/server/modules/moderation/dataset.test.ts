// The labelled French set: the targets on the part the lexicon was tuned on, and a floor under the
// held-out part (written after the lexicon), whose real figures are printed: some are below the targets.
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './categories.ts';
import { classify } from './classify.ts';
import { TARGETS, evaluate, isHeldOut, isLexiconTuning, loadModerationSet, type Evaluation } from './evaluation.ts';

const set = loadModerationSet();
const tuning = set.filter((l) => isLexiconTuning(l.id));
const heldOut = set.filter((l) => isHeldOut(l.id));
const predict = (text: string) => classify(text).categories;

function table(name: string, e: Evaluation): string {
  const rows = CATEGORIES.map((c) => {
    const s = e.perCategory[c];
    return `  ${c.padEnd(10)} P=${s.precision.toFixed(2)} R=${s.recall.toFixed(2)} (cible R≥${TARGETS.recall[c]}, n=${s.support})`;
  });
  return [`${name} (${e.lines} lignes)`, ...rows, `  faux positifs ${(e.falsePositiveRate * 100).toFixed(1)} % (${e.benignFlagged}/${e.benignLines}, cible ≤ 3 %)`].join('\n');
}

describe('moderation-fr.jsonl', () => {
  it('is a several-hundred-line set, mostly benign, with every category and unique ids', () => {
    expect(set.length).toBeGreaterThan(500);
    expect(new Set(set.map((l) => l.id)).size).toBe(set.length);
    expect(set.filter((l) => l.labels.length === 0).length / set.length).toBeGreaterThan(0.5);
    for (const c of CATEGORIES) expect(set.filter((l) => l.labels.includes(c)).length).toBeGreaterThan(50);
    expect(heldOut.length / set.length).toBeGreaterThan(0.2);
  });

  it('meets the targets on the tuning part', () => {
    const e = evaluate(tuning, predict);
    console.log(table('partie de réglage', e));
    for (const c of CATEGORIES) expect(e.perCategory[c].recall, c).toBeGreaterThanOrEqual(TARGETS.recall[c]);
    expect(e.falsePositiveRate).toBeLessThanOrEqual(TARGETS.falsePositiveRate);
  });

  it('does not fall below what it measured on the held-out part', () => {
    const e = evaluate(heldOut, predict);
    console.log(table('partie mise de côté', e));
    // Floors, not targets, measured on 2026-11-22 after the fourth round: lots A to D studied (recall 1.00 there),
    // lots E to H, by other authors, each measured once blind and then added (lexicon recall 0.17 to 0.80 on
    // them, see data/README.md); below the targets. A change that generalises worse fails here.
    const floor = { self_harm: 0.59, harassment: 0.7, sexual: 0.72, violence: 0.66, hate: 0.85, abuse: 0.57 };
    for (const c of CATEGORIES) expect(e.perCategory[c].recall, c).toBeGreaterThanOrEqual(floor[c]);
    expect(e.falsePositiveRate).toBeLessThanOrEqual(TARGETS.falsePositiveRate);
  });

  it('keeps false positives on the benign lines of the whole set at half the target or less', () => {
    // Each generalised rule comes with hard benign lines (school, idioms); half the 3 % leaves room for
    // messages nobody wrote yet.
    expect(evaluate(set, predict).falsePositiveRate).toBeLessThanOrEqual(TARGETS.falsePositiveRate / 2);
  });
});
