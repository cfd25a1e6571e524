// The NIR (numéro de sécurité sociale): 13 digits and a 2-digit key, spaces allowed between its parts. A
// number is masked when its key checks out, or when the pupil says it is a social security number (a typo
// in the key does not make it less personal).
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const S = ' ?';
// sex, year, month, département (2A/2B for Corsica), commune, order, key
const SHAPE = `[1-478]${S}\\d{2}${S}\\d{2}${S}(?:\\d{2}|2[AaBb])${S}\\d{3}${S}\\d{3}(?:${S}-?${S}\\d{2})?`;
const NIR = new RegExp(`(?<![\\p{L}\\d])${SHAPE}(?![\\p{L}\\d])`, 'gu');
const CONTEXT = /(?:s[ée]cu(?:rit[ée] sociale)?|\bnir\b|carte vitale|num[ée]ro de s[ée]cu)[^.!?\n]{0,40}$/iu;

export function findNirs(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of allMatches(NIR, text)) {
    const digits = m[0].replace(/[ -]/g, '').toUpperCase();
    const keyed = digits.length === 15 && isValidNir(digits);
    const told = CONTEXT.test(text.slice(Math.max(0, m.index - 60), m.index));
    if (keyed || told) spans.push({ type: 'nir', start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** The key is 97 minus the 13-digit number modulo 97, Corsica's 2A and 2B counting as 19 and 18. */
export function isValidNir(nir: string): boolean {
  const body = nir.slice(0, 13).replace('2A', '19').replace('2B', '18');
  if (!/^\d{13}$/.test(body) || !/^\d{2}$/.test(nir.slice(13))) return false;
  return 97 - Number(BigInt(body) % 97n) === Number(nir.slice(13));
}
