// E-mail addresses, including the spelled-out forms pupils use to get past filters ("lea.martin arobase gmail
// point com", "lea(at)gmail.com").
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const LOCAL = "[\\p{L}\\d._%+'-]+";
const AT = '(?:\\s?@\\s?|\\s?[([]at[)\\]]\\s?|\\s+arobase\\s+)';
const LABEL = '[\\p{L}\\d-]+';
const DOT = '(?:\\.|\\s?[([]dot[)\\]]\\s?|\\s+point\\s+)';
const DOMAIN = `${LABEL}(?:${DOT}${LABEL})*${DOT}\\p{L}{2,}(?![\\p{L}\\d])`;
const EMAIL = new RegExp(`(?<![\\p{L}\\d._%+-])${LOCAL}${AT}${DOMAIN}`, 'giu');
// Spelled out after "c'est" or a colon, the local part may be written in words: "c'est manon dubois arobase …".
const SPELLED_AFTER_COPULA = new RegExp(`(?:c'est|c’est|\\best|:|=)\\s+((?:${LOCAL}\\s){1,2}${LOCAL}\\s+arobase\\s+${DOMAIN})`, 'giu');

export function findEmails(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of allMatches(SPELLED_AFTER_COPULA, text)) {
    const start = m.index + m[0].length - m[1]!.length;
    spans.push({ type: 'email', start, end: start + m[1]!.length });
  }
  for (const m of allMatches(EMAIL, text)) {
    const end = m.index + m[0].length;
    if (!spans.some((s) => s.start <= m.index && end <= s.end)) spans.push({ type: 'email', start: m.index, end });
  }
  return spans;
}
