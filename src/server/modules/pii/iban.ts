// IBANs, kept only when their mod-97 check holds, so a long reference number is not masked by mistake.
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

// Lengths for the countries pupils' families most likely bank in; others are tried at every legal length.
const LENGTHS: Readonly<Record<string, number>> = {
  FR: 27, MC: 27, BE: 16, CH: 21, LU: 20, DE: 22, ES: 24, IT: 27, PT: 25, GB: 22, NL: 18, IE: 22, AT: 20, PL: 28, RO: 24, MA: 28, TN: 24, DZ: 26,
};

// Country code and check digits, then alphanumerics optionally grouped by spaces.
const CANDIDATE = /(?<![\p{L}\d])[A-Za-z]{2}\d{2}(?: ?[A-Za-z\d]){11,30}/gu;

export function findIbans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of allMatches(CANDIDATE, text)) {
    const positions: number[] = [];
    for (let i = 0; i < m[0].length; i++) if (m[0][i] !== ' ') positions.push(m.index + i);
    const compact = m[0].replaceAll(' ', '').toUpperCase();
    const known = LENGTHS[compact.slice(0, 2)];
    const lengths = known ? [known] : Array.from({ length: compact.length - 14 }, (_, k) => compact.length - k);
    const length = lengths.find((l) => l <= compact.length && isValidIban(compact.slice(0, l)));
    if (length === undefined) continue;
    // Greedy grouping may have taken the next word ("… 189 et"): the IBAN ends at its length.
    spans.push({ type: 'iban', start: m.index, end: positions[length - 1]! + 1 });
  }
  return spans;
}

/** ISO 13616: move the first four characters to the end, letters to numbers (A = 10), mod 97 must be 1. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z\d]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
