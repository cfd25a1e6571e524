// The fast lexical layer: folds a message, runs every rule of the lexicon over it, drops what school content
// and hyperbole explain, and says which categories it shows and whether a second opinion would help.
import { BENIGN_SPECS, SCHOOL_CONTEXT_PATTERN } from './benign.ts';
import { sortCategories, type Category } from './categories.ts';
import { fold, type Folded } from './fold.ts';
import { compilePattern } from './patterns.ts';
import { createRulePrefilter, type RulePrefilter } from './prefilter.ts';
import { ABUSE_RULES } from './rules/abuse.ts';
import { HARASSMENT_RULES } from './rules/harassment.ts';
import { HATE_RULES } from './rules/hate.ts';
import type { RuleSpec, Tier } from './rules/rule.ts';
import { SELF_HARM_RULES } from './rules/self-harm.ts';
import { SEXUAL_RULES } from './rules/sexual.ts';
import { VIOLENCE_RULES } from './rules/violence.ts';

export interface ModerationMatch {
  category: Category;
  /** UTF-16 offsets in the original message. */
  start: number;
  end: number;
  rule: string;
}

export interface Classification {
  categories: Category[];
  /** Why each category was flagged. */
  matches: ModerationMatch[];
  /** Cues that did not flag anything alone (a weak cue, a topic word outside school context). */
  hints: ModerationMatch[];
  /**
   * A second opinion by the local model would help: a cue that did not flag alone (a weak cue, a topic word),
   * a flag inside a message that reads as homework, or a risk phrase cleared only because the message reads
   * as homework (reported speech). Fixed idioms ("mort de rire", "tuer le temps") are clear, not ambiguous.
   */
  ambiguous: boolean;
  /** The categories the second opinion is asked to settle (empty when not ambiguous). */
  suspected: Category[];
  /** The pupil says it is the one being harassed (routed like distress by decideAction). */
  pupilHarassed: boolean;
  /** A cue that did not flag says the pupil is the one harassed: holds if the second opinion confirms it. */
  pupilHarassedIfConfirmed: boolean;
}

export interface ClassifyOptions {
  /** 'assistant' skips disclosure rules: "je suis harcelée" means something only when a pupil writes it. */
  author?: 'pupil' | 'assistant';
}

interface Rule {
  id: string;
  categories: readonly Category[];
  tier: Tier;
  victim: boolean;
  disclosure: boolean;
  re: RegExp;
}

interface Benign {
  categories: readonly Category[];
  inSchoolContext: boolean;
  reach: number;
  re: RegExp;
}

interface Hit {
  rule: Rule;
  category: Category;
  /** Offsets in the folded text. */
  from: number;
  to: number;
}

// Everything is compiled once, when the module loads; a bad pattern fails at start, not on a pupil's message.
function compileRules(specs: readonly RuleSpec[]): Rule[] {
  return specs.map((spec) => ({
    id: spec.id,
    categories: spec.categories,
    tier: spec.tier ?? 'strong',
    victim: spec.victim ?? false,
    disclosure: spec.disclosure ?? false,
    re: compilePattern(spec.pattern),
  }));
}

const RULES = compileRules([...SELF_HARM_RULES, ...HARASSMENT_RULES, ...SEXUAL_RULES, ...VIOLENCE_RULES, ...HATE_RULES, ...ABUSE_RULES]);
const BENIGN: Benign[] = BENIGN_SPECS.map((spec) => ({
  categories: spec.categories,
  inSchoolContext: spec.inSchoolContext ?? false,
  reach: spec.reach ?? 0,
  re: compilePattern(spec.pattern),
}));
const SCHOOL_CONTEXT = compilePattern(SCHOOL_CONTEXT_PATTERN);

/** Disclosure rules are judged in pupils' messages only: "je suis harcelée" means something only when a pupil writes it. */
const judgedFor = (rule: Rule, author: 'pupil' | 'assistant') => !(rule.disclosure && author === 'assistant');

/** The expressions of the rules judged in the tutor's answers. */
export function answerRuleExpressions(): RegExp[] {
  return RULES.filter((rule) => judgedFor(rule, 'assistant')).map((rule) => rule.re);
}

/** A message this short is all topic word: nothing around it makes it homework. */
const BARE_MESSAGE_WORDS = 3;

const nothing = (cleared: readonly Category[] = []): Classification => ({
  categories: [],
  matches: [],
  hints: [],
  ambiguous: cleared.length > 0,
  suspected: sortCategories(cleared),
  pupilHarassed: false,
  pupilHarassedIfConfirmed: false,
});

export function classify(text: string, options: ClassifyOptions = {}): Classification {
  return classifyFolded(fold(text), options);
}

/**
 * Internal entry point for callers that fold incrementally (the output watcher folds each streamed piece once):
 * `folded` must be what `fold` returns for the text, or a slice of it starting at a word; offsets in the result
 * are whatever `folded.start`/`folded.end` map to.
 */
export function classifyFolded(folded: Folded, options: ClassifyOptions = {}): Classification {
  const found = findHits(folded.text, options.author ?? 'pupil');
  if (found.length === 0) return nothing();
  SCHOOL_CONTEXT.lastIndex = 0;
  const schoolContext = SCHOOL_CONTEXT.test(folded.text);
  const { kept: hits, clearedBySchool } = dropBenign(found, folded.text, schoolContext);
  if (hits.length === 0) return nothing(clearedBySchool);

  const bare = folded.text.split(' ').length <= BARE_MESSAGE_WORDS;
  const flagging: Hit[] = [];
  const hinting: Hit[] = [];
  for (const category of new Set(hits.map((h) => h.category))) {
    const own = hits.filter((h) => h.category === category);
    const strong = own.filter((h) => h.rule.tier === 'strong' || (h.rule.tier === 'contextual' && !schoolContext));
    const contextual = own.filter((h) => h.rule.tier === 'contextual' && schoolContext);
    const weak = own.filter((h) => h.rule.tier === 'weak');
    const nominal = own.filter((h) => h.rule.tier === 'nominal');
    // Two different weak cues of one category add up (grooming: an older man + secrecy + a meeting).
    const weakAddsUp = new Set(weak.map((h) => h.rule.id)).size >= 2;
    if (strong.length > 0 || weakAddsUp || (bare && nominal.length > 0)) {
      flagging.push(...strong, ...(weakAddsUp ? weak : []), ...(bare ? nominal : []));
    } else {
      hinting.push(...contextual, ...weak);
      if (!schoolContext) hinting.push(...nominal);
    }
  }

  // A pupil hurt by an adult is abuse; the "they hit me" cues of bullying then describe that adult, not peers.
  const abused = flagging.some((h) => h.category === 'abuse');
  const kept = abused ? flagging.filter((h) => !(h.category === 'harassment' && h.rule.victim)) : flagging;
  const categories = sortCategories(kept.map((h) => h.category));
  const suspected = sortCategories([...hinting.map((h) => h.category), ...clearedBySchool, ...(schoolContext ? categories : [])]);
  return {
    categories,
    matches: kept.map((h) => toMatch(h, folded)),
    hints: hinting.map((h) => toMatch(h, folded)),
    ambiguous: suspected.length > 0,
    suspected,
    pupilHarassed: kept.some((h) => h.category === 'harassment' && h.rule.victim),
    pupilHarassedIfConfirmed: !abused && [...kept, ...hinting].some((h) => h.category === 'harassment' && h.rule.victim),
  };
}

// Built on first use (≈ 0.1–0.2 s): only the rules whose words occur in a text are run over it (see prefilter.ts).
let rulePrefilter: RulePrefilter | undefined;

function findHits(text: string, author: 'pupil' | 'assistant'): Hit[] {
  const hits: Hit[] = [];
  rulePrefilter ??= createRulePrefilter(RULES.map((r) => r.re));
  for (const index of rulePrefilter.candidates(text)) {
    const rule = RULES[index]!;
    if (!judgedFor(rule, author)) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      const from = m.index;
      const to = from + m[0].length;
      if (to === from) {
        rule.re.lastIndex++; // never happens with the lexicon's patterns, but an empty match must not loop
        continue;
      }
      for (const category of rule.categories) hits.push({ rule, category, from, to });
    }
  }
  return hits;
}

/**
 * Drops the hits that a benign phrase of their category overlaps ("mourir de rire", "tuer le temps"), and says
 * which categories were cleared by a phrase that is benign only in homework (those stay worth a second look).
 */
function dropBenign(hits: Hit[], text: string, schoolContext: boolean): { kept: Hit[]; clearedBySchool: Category[] } {
  const benign = findBenign(text, schoolContext);
  if (benign.length === 0) return { kept: hits, clearedBySchool: [] };
  const kept: Hit[] = [];
  const clearedBySchool = new Set<Category>();
  for (const hit of hits) {
    const covering = benign.filter((b) => b.categories.includes(hit.category) && b.from < hit.to && hit.from < b.to);
    if (covering.length === 0) kept.push(hit);
    else if (covering.every((b) => b.inSchoolContext)) clearedBySchool.add(hit.category);
  }
  return { kept, clearedBySchool: [...clearedBySchool] };
}

function findBenign(text: string, schoolContext: boolean): { categories: readonly Category[]; inSchoolContext: boolean; from: number; to: number }[] {
  const spans = [];
  for (const benign of BENIGN) {
    if (benign.inSchoolContext && !schoolContext) continue;
    benign.re.lastIndex = 0;
    for (let m = benign.re.exec(text); m !== null; m = benign.re.exec(text)) {
      const from = widen(text, m.index, -benign.reach);
      const to = widen(text, m.index + m[0].length, benign.reach);
      spans.push({ categories: benign.categories, inSchoolContext: benign.inSchoolContext, from, to });
    }
  }
  return spans;
}

/** Moves an offset of folded text (single spaces between words) `words` words left (negative) or right. */
function widen(text: string, offset: number, words: number): number {
  let at = offset;
  for (let n = Math.abs(words); n > 0; n--) {
    if (words < 0) {
      if (at <= 0) break;
      const space = text.lastIndexOf(' ', at - 2);
      at = space + 1;
    } else {
      if (at >= text.length) break;
      const space = text.indexOf(' ', at + 1);
      at = space === -1 ? text.length : space;
    }
  }
  return at;
}

function toMatch(hit: Hit, folded: Folded): ModerationMatch {
  return { category: hit.category, start: folded.start[hit.from]!, end: folded.end[hit.to - 1]!, rule: hit.rule.id };
}
