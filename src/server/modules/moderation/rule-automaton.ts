// The lexicon's rules read as one automaton over folded text, to answer a question no regular expression engine
// can: "could a match of some rule be one word beginning with these letters, whatever letters follow?".
//
// How: each rule's regular expression is parsed (@eslint-community/regexpp, as in prefilter.ts) and built into a
// nondeterministic automaton (Thompson's construction) over the alphabet of folded text, a–z, 0–9 and the space.
// Look-arounds are left out, so the automaton accepts every match of the rule and more: it may answer "yes" where
// the rule would not match, never "no" where it would. Only matches of one word are built: a part of a rule that
// must read a space is left out whole (an optional one is skipped), which keeps the automaton small (without this,
// the lexicon's gaps of up to ten words made 160 000 states and 0.4 s of building).
// Written here rather than taken from a package: the generic regular-expression-to-automaton libraries target the
// whole of Unicode and do not expose the word-level question.
import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
const SPACE = ALPHABET.length - 1;
/** A bounded repetition `{0,n}` is unrolled; no rule comes near this, and a runaway pattern fails at start. */
const MAX_UNROLLED = 64;

interface Move {
  /** Which characters of ALPHABET the move reads (by index). */
  on: Uint8Array;
  to: number;
}

export interface OneWordMatcher {
  /**
   * True when some rule could match a text made of one word that begins with `letters` (folded: a–z and 0–9 only),
   * for some ending of that word, or with `letters` alone. False is certain; true may be a false alarm.
   */
  couldBeginOneWordMatch(letters: string): boolean;
  /** Size of the automaton, for the tests and for logs. */
  readonly states: number;
}

class Builder {
  readonly epsilon: number[][] = [];
  readonly moves: Move[][] = [];
  private readonly classes = new Map<string, Uint8Array>();
  private readonly flags: string;

  constructor(flags: string) {
    this.flags = flags;
  }

  state(): number {
    this.epsilon.push([]);
    this.moves.push([]);
    return this.epsilon.length - 1;
  }

  /** Builds `node` between two new states; returns them. A part that must read a space is a dead end. */
  fragment(node: AST.Node): [number, number] {
    if (mustReadSpace(node)) return [this.state(), this.state()];
    switch (node.type) {
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        return this.alternatives(node.alternatives);
      case 'Quantifier':
        return this.repeat(node);
      case 'Assertion': {
        // Zero-width: ^, $, \b and look-arounds consume nothing. Leaving a look-around out accepts more, never less.
        const at = this.state();
        return [at, at];
      }
      case 'Character':
      case 'CharacterClass':
      case 'CharacterSet':
      case 'ExpressionCharacterClass':
        return this.read(this.charactersOf(node));
      default:
        throw new Error(`Moderation rule automaton: unsupported regular expression element ${node.type} (${node.raw})`);
    }
  }

  private alternatives(alternatives: readonly AST.Alternative[]): [number, number] {
    const from = this.state();
    const to = this.state();
    for (const alternative of alternatives) {
      const [a, b] = this.sequence(alternative.elements);
      this.epsilon[from]!.push(a);
      this.epsilon[b]!.push(to);
    }
    return [from, to];
  }

  private sequence(elements: readonly AST.Element[]): [number, number] {
    const from = this.state();
    let at = from;
    for (const element of elements) {
      const [a, b] = this.fragment(element);
      this.epsilon[at]!.push(a);
      at = b;
    }
    return [from, at];
  }

  private repeat(q: AST.Quantifier): [number, number] {
    const from = this.state();
    // Each repetition must read a space (a gap of words): one word can only skip it. `min` is 0 here, or the
    // whole quantifier would be a dead end already.
    if (mustReadSpace(q.element)) return [from, from];
    let at = from;
    for (let i = 0; i < q.min; i++) {
      const [a, b] = this.fragment(q.element);
      this.epsilon[at]!.push(a);
      at = b;
    }
    if (q.max === Infinity) {
      const loop = this.state();
      const [a, b] = this.fragment(q.element);
      this.epsilon[at]!.push(loop);
      this.epsilon[loop]!.push(a);
      this.epsilon[b]!.push(loop);
      return [from, loop];
    }
    if (q.max - q.min > MAX_UNROLLED) throw new Error(`Moderation rule automaton: repetition too long to unroll (${q.raw})`);
    for (let i = q.min; i < q.max; i++) {
      const [a, b] = this.fragment(q.element);
      const next = this.state();
      this.epsilon[at]!.push(a, next);
      this.epsilon[b]!.push(next);
      at = next;
    }
    return [from, at];
  }

  private read(on: Uint8Array): [number, number] {
    const from = this.state();
    const to = this.state();
    this.moves[from]!.push({ on, to });
    return [from, to];
  }

  /** The characters of the alphabet that one character element matches, asked of the engine itself. */
  private charactersOf(node: AST.Node): Uint8Array {
    let on = this.classes.get(node.raw);
    if (on === undefined) {
      const re = new RegExp(`^(?:${node.raw})$`, this.flags.replace(/[gy]/g, ''));
      on = new Uint8Array(ALPHABET.length);
      for (let k = 0; k < ALPHABET.length; k++) on[k] = re.test(ALPHABET[k]!) ? 1 : 0;
      this.classes.set(node.raw, on);
    }
    return on;
  }
}

const spaceBound = new WeakMap<AST.Node, boolean>();

/** True when every string `node` matches holds a space: no one-word match goes through it. */
function mustReadSpace(node: AST.Node): boolean {
  let known = spaceBound.get(node);
  if (known === undefined) {
    known = computeMustReadSpace(node);
    spaceBound.set(node, known);
  }
  return known;
}

function computeMustReadSpace(node: AST.Node): boolean {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.every(mustReadSpace);
    case 'Alternative':
      return node.elements.some(mustReadSpace);
    case 'Quantifier':
      return node.min > 0 && mustReadSpace(node.element);
    case 'Character':
      return node.value === 0x20;
    default:
      // Classes and sets may read a letter (asked of the engine when built); assertions read nothing.
      return false;
  }
}

const INDEX = new Int8Array(128).fill(-1);
for (let k = 0; k < ALPHABET.length; k++) INDEX[ALPHABET.charCodeAt(k)] = k;

/** Builds the automaton of all `rules` (lexicon expressions over folded text, compiled by patterns.ts). */
export function createOneWordMatcher(rules: readonly RegExp[]): OneWordMatcher {
  const flags = new Set(rules.map((re) => re.flags.replace(/[gy]/g, '')));
  const builder = new Builder([...flags][0] ?? '');
  if (flags.size > 1 || [...flags].some((f) => f.includes('i'))) {
    // The lexicon is compiled with one set of flags and matches folded lowercase text; a caseless rule would
    // make the alphabet above wrong.
    throw new Error('Moderation rule automaton: the rules must share their flags and not be caseless');
  }
  const start = builder.state();
  const accept = builder.state();
  for (const re of rules) {
    const [from, to] = builder.fragment(parseRegExpLiteral(re).pattern);
    builder.epsilon[start]!.push(from);
    builder.epsilon[to]!.push(accept);
  }
  const { epsilon, moves } = builder;
  const count = epsilon.length;

  // States from which a match can end reading letters and digits only (no space): the rest of one word.
  const endsInWord = new Uint8Array(count);
  {
    const back: number[][] = Array.from({ length: count }, () => []);
    for (let s = 0; s < count; s++) {
      for (const t of epsilon[s]!) back[t]!.push(s);
      for (const m of moves[s]!) if (readsWordCharacter(m.on)) back[m.to]!.push(s);
    }
    const stack = [accept];
    endsInWord[accept] = 1;
    while (stack.length > 0) {
      for (const s of back[stack.pop()!]!) {
        if (endsInWord[s]) continue;
        endsInWord[s] = 1;
        stack.push(s);
      }
    }
  }

  const seen = new Uint32Array(count);
  let generation = 0;
  /** The states reachable from `states` by empty moves, kept only if a match can still end within the word. */
  const closure = (states: readonly number[]): number[] => {
    generation++;
    const out: number[] = [];
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen[s] === generation || !endsInWord[s]) continue;
      seen[s] = generation;
      out.push(s);
      for (const t of epsilon[s]!) if (seen[t] !== generation) stack.push(t);
    }
    return out;
  };
  const initial = closure([start]);

  return {
    states: count,
    couldBeginOneWordMatch(letters) {
      let current = initial;
      for (let i = 0; i < letters.length && current.length > 0; i++) {
        const code = letters.charCodeAt(i);
        const k = code < 128 ? INDEX[code]! : -1;
        if (k < 0 || k === SPACE) throw new Error('couldBeginOneWordMatch: folded letters and digits only');
        const next: number[] = [];
        for (const s of current) for (const m of moves[s]!) if (m.on[k]) next.push(m.to);
        current = closure(next);
      }
      return current.length > 0;
    },
  };
}

function readsWordCharacter(on: Uint8Array): boolean {
  for (let k = 0; k < SPACE; k++) if (on[k]) return true;
  return false;
}
