// Dates of birth, found by what announces them ("né le", "ma date de naissance", "mon anniversaire c'est le").
// A historical figure's birth ("Victor Hugo est né le 26 février 1802") is a fact from the lesson: a date before
// 1990 is kept when nothing says it is the pupil's or a relative's.
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const MONTHS = 'janvier|f[ée]vrier|fevrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv\\.?|f[ée]vr?\\.?|avr\\.?|juil\\.?|sept?\\.?|oct\\.?|nov\\.?|d[ée]c\\.?';
const DAY = '(?:1er|[0-3]?\\d)';
const NUMERIC = `${DAY}\\s?[/.-]\\s?[01]?\\d(?:\\s?[/.-]\\s?(?:\\d{4}|\\d{2}))?`;
const SPELLED = `${DAY}\\s+(?:${MONTHS})(?:\\s+\\d{4})?`;
const DATE = `(?:${NUMERIC}|${SPELLED})`;

// What comes before the date, within a few words.
const ANNOUNCE =
  "(?:n[ée]e?s?|suis n[ée]e?|ma date de naissance|date de naissance|ddn|naissance|mon anniv(?:ersaire)?|son anniv(?:ersaire)?|" +
  "anniversaire|n[ée]e? en date du)\\s*(?:c'?est|c’est|c|est|:|=|le|du|au)?\\s*(?:le\\s+)?";
const BIRTH = new RegExp(`(?<![\\p{L}\\d])${ANNOUNCE}(${DATE})(?![\\p{L}\\d])`, 'giu');

// The pupil or a relative: their birth dates are personal data whatever the year.
const PERSONAL = /(?:^|[^\p{L}])(?:je|j'|j’|chui|moi|ma|mon|mes|suis|frère|frere|sœur|soeur|mère|mere|père|pere|cousine?|copine?|copain|pote|ami|amie)(?![\p{L}])/iu;

export function findBirthdates(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of allMatches(BIRTH, text)) {
    const date = m[1]!;
    const start = m.index + m[0].length - date.length;
    const year = /\d{4}/.exec(date)?.[0];
    const before = text.slice(Math.max(0, m.index - 40), m.index + m[0].length - date.length);
    if (year !== undefined && Number(year) < 1990 && !PERSONAL.test(before)) continue;
    spans.push({ type: 'birthdate', start, end: start + date.length });
  }
  return spans;
}
