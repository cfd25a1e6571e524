// The INE (identifiant national élève), 11 characters: 10 digits and a letter (INE-RNIE), 9 digits and two
// letters (INE-BEA), or 10 letters or digits ending in a letter when the pupil names it as its INE.
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const SHAPED = /(?<![\p{L}\d])(?:\d{10}[A-Za-z]|\d{9}[A-Za-z]{2})(?![\p{L}\d])/gu;
const NAMED = /\b(?:INE|identifiant national(?: [ée]l[èe]ve)?)\b\s*(?:c'est|c’est|est|:|=)?\s*([A-Za-z\d]{10}[A-Za-z])(?![\p{L}\d])/giu;

export function findInes(text: string): PiiSpan[] {
  const spans: PiiSpan[] = allMatches(SHAPED, text).map((m) => ({ type: 'ine', start: m.index, end: m.index + m[0].length }));
  for (const m of allMatches(NAMED, text)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (!spans.some((s) => s.start === start)) spans.push({ type: 'ine', start, end: start + m[1]!.length });
  }
  return spans;
}
