// Which of the lexicon's rules can match a text, found in one pass over it, so that only those rules run.
//
// Why: running ~200 regular expressions over every message and, for the tutor's answer, over a 240-character window
// every few words was the largest single cost of the chat path (≈ 17 % of the server's CPU in the serving benchmark).
// Almost every text contains none of a rule's words, and a rule cannot match without them.
//
// How: each rule's regular expression is parsed (@eslint-community/regexpp, the parser ESLint uses) and reduced to a
// set of literal strings such that every match contains at least one of them (its "factors": for "je veux {HURT}",
// " veux tuer", " veux buter" …), in the spirit of RE2's prefilter. One Aho–Corasick automaton over every rule's
// factors then reads the text once and names the rules whose factors occur; a rule whose matches have no such
// literal (a pattern of bare character classes) is always run. The reduction is conservative by construction:
// a skipped rule is one that cannot match (checked against every rule and the whole labelled set in the tests).
//
// Written here rather than taken from an Aho–Corasick package: the automaton is a dense table over the small
// alphabet of folded text that answers "which rules" with no allocation per character or per match, which the
// generic packages (match objects with positions and keywords) do not.
import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';

/** Literal sets larger than this are not expanded further (the automaton and the cross products stay small). */
const MAX_SET = 256;
/** Literals are cut to this length in the automaton (see createRulePrefilter). */
const MAX_LITERAL = 10;

interface Info {
  /** Every string the node can match, when that set is finite and small; null otherwise. */
  exact: string[] | null;
  /** Strings one of which every match contains; null when no such set is known (the node may match anything). */
  factors: string[] | null;
}

const ANYTHING: Info = { exact: null, factors: null };
const EMPTY: Info = { exact: [''], factors: null };

function fromExact(exact: string[]): Info {
  const unique = [...new Set(exact)];
  if (unique.length > MAX_SET) return { exact: null, factors: usefulFactors(unique) };
  return { exact: unique, factors: usefulFactors(unique) };
}

/** A set containing the empty string says nothing (every text contains it). */
function usefulFactors(strings: string[]): string[] | null {
  return strings.length === 0 || strings.includes('') ? null : [...new Set(strings)];
}

function cross(left: string[], right: string[]): string[] | null {
  if (left.length * right.length > MAX_SET) return null;
  const out: string[] = [];
  for (const a of left) for (const b of right) out.push(a + b);
  return out;
}

/** The better of two factor sets: the one whose shortest literal is longest (rarer), then the smaller one. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const shortest = (strings: string[]) => strings.reduce((min, x) => Math.min(min, x.length), Infinity);
  const [la, lb] = [shortest(a), shortest(b)];
  if (la !== lb) return la > lb ? a : b;
  return a.length <= b.length ? a : b;
}

function characters(node: AST.CharacterClass): Info {
  if (node.negate) return ANYTHING;
  const chars: string[] = [];
  for (const element of node.elements) {
    if (element.type === 'Character') chars.push(String.fromCodePoint(element.value));
    else if (element.type === 'CharacterClassRange' && element.max.value - element.min.value < 16) {
      for (let c = element.min.value; c <= element.max.value; c++) chars.push(String.fromCodePoint(c));
    } else return ANYTHING;
  }
  return chars.length > 0 && chars.length <= 16 ? fromExact(chars) : ANYTHING;
}

function disjunction(alternatives: readonly AST.Alternative[]): Info {
  const infos = alternatives.map(sequence);
  const exact = infos.every((i) => i.exact !== null) ? infos.flatMap((i) => i.exact!) : null;
  if (exact !== null) return fromExact(exact);
  // Each alternative brings its own factors; one alternative without any leaves the whole without any.
  if (infos.some((i) => i.factors === null)) return ANYTHING;
  return { exact: null, factors: [...new Set(infos.flatMap((i) => i.factors!))] };
}

function sequence(alternative: AST.Alternative): Info {
  // `run`: the strings a stretch of consecutive finite elements spells; each completed stretch, and each element's
  // own factors, is a candidate factor set of the whole sequence, since every match contains them.
  let run: string[] | null = [''];
  let candidate: string[] | null = null;
  let allExact = true;
  const elements = alternative.elements;
  for (let i = 0; i < elements.length; i++) {
    let info: Info;
    const element = elements[i]!;
    if (element.type === 'Character') {
      // A word of the pattern is a run of single characters: taken as one string (the common case, kept cheap).
      let word = '';
      for (; i < elements.length && elements[i]!.type === 'Character'; i++) word += String.fromCodePoint((elements[i] as AST.Character).value);
      i--;
      info = { exact: [word], factors: [word] };
    } else {
      info = node(element);
      candidate = better(candidate, info.factors);
    }
    const extended: string[] | null = info.exact && run ? cross(run, info.exact) : null;
    if (extended) {
      run = extended;
      continue;
    }
    allExact = false;
    if (run) candidate = better(candidate, usefulFactors(run));
    run = info.exact ? [...info.exact] : [''];
  }
  if (run) candidate = better(candidate, usefulFactors(run));
  if (allExact && run) return fromExact(run);
  return { exact: null, factors: candidate };
}

function quantifier(q: AST.Quantifier): Info {
  const inner = node(q.element);
  if (q.min === 0) {
    // Optional: matches may skip it entirely.
    return q.max === 1 && inner.exact ? fromExact(['', ...inner.exact]) : EMPTY_OR_ANY;
  }
  if (q.min === q.max && inner.exact) {
    let strings: string[] | null = [''];
    for (let i = 0; i < q.min && strings; i++) strings = cross(strings, inner.exact);
    if (strings) return fromExact(strings);
  }
  // At least one repetition: whatever one repetition must contain, the whole does too.
  return { exact: null, factors: inner.factors };
}

/** Optional and unbounded ("(?: \w+)*"): may be empty, so it contributes no factor, and it breaks a run. */
const EMPTY_OR_ANY: Info = { exact: null, factors: null };

function node(n: AST.Node): Info {
  switch (n.type) {
    case 'Character':
      return fromExact([String.fromCodePoint(n.value)]);
    case 'CharacterClass':
      return characters(n);
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern':
      return disjunction(n.alternatives);
    case 'Quantifier':
      return quantifier(n);
    case 'Assertion':
      // Zero-width (^, $, \b, look-arounds): consumes nothing, so it adds nothing to the strings around it.
      return EMPTY;
    default:
      // Character sets (\w, .), back-references, string alternatives of the v flag: anything.
      return ANYTHING;
  }
}

/** The literals one of which every match of `re` contains, or null when there is no such set. */
export function requiredLiterals(re: RegExp): string[] | null {
  if (re.flags.includes('i')) return null; // the lexicon matches folded lowercase text; a caseless rule is always run
  const pattern = parseRegExpLiteral(re).pattern;
  return node(pattern).factors;
}

export interface RulePrefilter {
  /**
   * Indices (into the rules given) of the rules that may match `text`, in increasing order. A rule not listed
   * cannot match.
   */
  candidates(text: string): number[];
  /** Rules that are always run (no literal found that their matches must contain). */
  readonly unfiltered: number;
}

/** Builds the automaton over the rules' literals; the rules' order is the order of the indices returned. */
export function createRulePrefilter(rules: readonly RegExp[]): RulePrefilter {
  const always: number[] = [];
  const literals = new Map<string, number[]>();
  rules.forEach((re, index) => {
    const factors = requiredLiterals(re);
    if (factors === null) always.push(index);
    // Every substring of a required literal is required too: a prefix keeps the automaton small.
    else for (const literal of new Set(factors.map((f) => f.slice(0, MAX_LITERAL)))) literals.set(literal, [...(literals.get(literal) ?? []), index]);
  });

  // Alphabet: the characters the literals use; any other character of a text restarts the automaton at its root.
  const classOf = new Map<number, number>();
  for (const literal of literals.keys()) for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (!classOf.has(c)) classOf.set(c, classOf.size + 1);
  }
  const width = classOf.size + 1; // class 0: a character no literal contains
  const asciiClass = new Uint16Array(128);
  for (const [c, k] of classOf) if (c < 128) asciiClass[c] = k;

  // Trie (sparse), then failure links by breadth-first search filling a dense transition table: scanning is one
  // table read per character.
  const children: Map<number, number>[] = [new Map<number, number>()];
  const own: number[][] = [[]];
  for (const [literal, indices] of literals) {
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const k = classOf.get(literal.charCodeAt(i))!;
      let next = children[state]!.get(k);
      if (next === undefined) {
        next = children.length;
        children.push(new Map<number, number>());
        own.push([]);
        children[state]!.set(k, next);
      }
      state = next;
    }
    own[state]!.push(...indices);
  }
  const states = children.length;
  const delta = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const reports: Int32Array[] = new Array<Int32Array>(states);
  const none = new Int32Array(0);
  reports[0] = none;
  const queue: number[] = [];
  for (const [k, next] of children[0]!) {
    delta[k] = next;
    queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    // A state also reports what its longest proper suffix (already visited: it is shallower) reports.
    const inherited = reports[fail[state]!]!;
    const mine = own[state]!;
    reports[state] = mine.length === 0 ? inherited : Int32Array.from(new Set([...mine, ...inherited]));
    const row = state * width;
    const failRow = fail[state]! * width;
    for (let k = 0; k < width; k++) delta[row + k] = delta[failRow + k]!;
    for (const [k, next] of children[state]!) {
      fail[next] = delta[failRow + k]!;
      delta[row + k] = next;
      queue.push(next);
    }
  }
  const marked = new Uint8Array(rules.length);

  return {
    unfiltered: always.length,
    candidates(text) {
      marked.fill(0);
      for (const index of always) marked[index] = 1;
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const k = c < 128 ? asciiClass[c]! : (classOf.get(c) ?? 0);
        state = delta[state * width + k]!;
        const found = reports[state]!;
        for (let j = 0; j < found.length; j++) marked[found[j]!] = 1;
      }
      const out: number[] = [];
      for (let index = 0; index < marked.length; index++) if (marked[index] === 1) out.push(index);
      return out;
    },
  };
}
