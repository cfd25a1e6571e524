// First and last names of the school's pupils, from the roster the caller passes: "Léa Martin", "MARTIN Léa",
// "lea martin", "Jean-Baptiste Durand". A first name alone is not matched (too many homonyms of common words).
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

export interface RosterEntry {
  firstName: string;
  lastName: string;
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Candidate names indexed by their first word, each as the list of its words. */
type RosterIndex = Map<string, string[][]>;

// A school passes the same roster for every message: index it once.
const compiled = new WeakMap<readonly RosterEntry[], RosterIndex>();

export function findNames(text: string, roster: readonly RosterEntry[]): PiiSpan[] {
  if (roster.length === 0) return [];
  let index = compiled.get(roster);
  if (!index) {
    index = compileRoster(roster);
    compiled.set(roster, index);
  }
  const tokens = tokenize(text);
  const spans: PiiSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = index.get(tokens[i]!.word);
    if (!candidates) continue;
    // The longest name wins ("Marie Anne Dupont" over "Marie Anne").
    let best = 0;
    for (const words of candidates) {
      if (words.length > best && words.every((w, k) => tokens[i + k]?.word === w)) best = words.length;
    }
    if (best > 0) {
      spans.push({ type: 'name', start: tokens[i]!.start, end: tokens[i + best - 1]!.end });
      i += best - 1;
    }
  }
  return spans;
}

function compileRoster(roster: readonly RosterEntry[]): RosterIndex {
  const index: RosterIndex = new Map();
  for (const { firstName, lastName } of roster) {
    const first = words(firstName);
    const last = words(lastName);
    if (first.length === 0 || last.length === 0) continue;
    for (const sequence of [[...first, ...last], [...last, ...first]]) {
      const list = index.get(sequence[0]!) ?? [];
      list.push(sequence);
      index.set(sequence[0]!, list);
    }
  }
  return index;
}

function words(name: string): string[] {
  return tokenize(name).map((t) => t.word);
}

const WORD = /[\p{L}\p{M}]+/gu;
const MARK = /\p{M}/gu;

/** Words without case or accents; hyphens and apostrophes separate them ("Jean-Baptiste", "D'Angelo"). */
function tokenize(text: string): Token[] {
  return allMatches(WORD, text).map((m) => ({
    word: m[0].normalize('NFD').replace(MARK, '').toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}
