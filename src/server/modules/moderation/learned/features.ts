// Hashed sparse features of a message for the learned scorer: the message is folded first (the lexical layer's
// own fold: accents, SMS spelling, leetspeak and spacing tricks undone), then it yields its words, its word
// bigrams and the 3- to 5-character n-grams inside each word (with word-boundary marks), each as a 32-bit
// FNV-1a hash. Hashing keeps the stored model a flat list of (hash, weights) with no vocabulary to ship; at
// 32 bits, collisions are negligible (about 0.2 colliding pairs expected among the ~37 000 features of our data).
// The hashes are computed straight from the character codes, without building substrings: scoring stays cheap.
import { fold } from '../fold.ts';

const FNV_PRIME = 16777619;
// One offset basis per kind of feature, so the word "mort" and the character n-gram "mort" are distinct features.
const WORD_SEED = 2166136261;
const BIGRAM_SEED = 0x9e3779b9;
const CHAR_SEED = 0x85ebca6b;
const MIN_GRAM = 3;
const MAX_GRAM = 5;
// Word-boundary marks of the character n-grams: "<mor" (a word starting with "mor") is not "mor" inside "amor".
const WORD_START = 0x3c; // '<'
const WORD_END = 0x3e; // '>'

function step(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** The 32-bit FNV-1a hash of a whole word (as a word feature). */
export function wordHash(word: string, from = 0, to = word.length): number {
  let h = WORD_SEED;
  for (let i = from; i < to; i++) h = step(h, word.charCodeAt(i));
  return h;
}

/** An ordered pair of word hashes mixed into one bigram feature ("me tuer" is not "tuer me"). */
export function bigramHash(first: number, second: number): number {
  let h = BIGRAM_SEED;
  for (let shift = 0; shift < 32; shift += 8) h = step(h, (first >>> shift) & 0xff);
  for (let shift = 0; shift < 32; shift += 8) h = step(h, (second >>> shift) & 0xff);
  return h;
}

/**
 * Every feature hash of an already folded text (lowercase ASCII words separated by single spaces), in order of
 * appearance; a feature appearing twice is listed twice (its count is its value).
 */
export function foldedFeatures(folded: string): number[] {
  const out: number[] = [];
  let previous = -1;
  let start = 0;
  while (start < folded.length) {
    let end = folded.indexOf(' ', start);
    if (end === -1) end = folded.length;
    if (end > start) {
      const word = wordHash(folded, start, end);
      out.push(word);
      if (previous !== -1) out.push(bigramHash(previous, word));
      previous = word;
      charGrams(folded, start, end, out);
    }
    start = end + 1;
  }
  return out;
}

/** The 3- to 5-grams of the word folded[from, to) framed by '<' and '>' (so "je" still gives "<je", "je>", "<je>"). */
function charGrams(text: string, from: number, to: number, out: number[]): void {
  const padded = to - from + 2;
  const codeAt = (k: number) => (k === 0 ? WORD_START : k === padded - 1 ? WORD_END : text.charCodeAt(from + k - 1));
  for (let i = 0; i + MIN_GRAM <= padded; i++) {
    let h = CHAR_SEED;
    for (let n = 1; n <= MAX_GRAM && i + n <= padded; n++) {
      h = step(h, codeAt(i + n - 1));
      if (n >= MIN_GRAM) out.push(h);
    }
  }
}

/** The features of a raw message: folded with the lexical layer's fold, then hashed. */
export function messageFeatures(text: string): number[] {
  return foldedFeatures(fold(text).text);
}
