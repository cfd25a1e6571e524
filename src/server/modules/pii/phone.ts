// French phone numbers: 10 digits starting 0[1-9] (any grouping, spaces, dots, dashes or slashes between digits),
// or the international forms +33 / 0033 with an optional (0). Short numbers (3114, 119, 3018) are help lines
// a pupil may quote: they are not personal data and are never matched.
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const SEP = '[ .\\-/]?';
const NATIONAL = `0[1-9](?:${SEP}\\d){8}`;
const INTERNATIONAL = `(?:\\+|00)\\s?33\\s?(?:\\(0\\)\\s?)?[1-9](?:${SEP}\\d){8}`;
// Not inside a longer number (an IBAN, a NIR) nor glued to letters (a reference like "A0612345678").
const PHONE = new RegExp(`(?<![\\p{L}\\d+])(?:${INTERNATIONAL}|${NATIONAL})(?![\\d\\p{L}])`, 'gu');

export function findPhones(text: string): PiiSpan[] {
  return allMatches(PHONE, text).map((m) => ({ type: 'phone', start: m.index, end: m.index + m[0].length }));
}
