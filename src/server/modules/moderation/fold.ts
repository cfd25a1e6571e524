// Folds a message into the one spelling the lexicon is written in (lowercase ASCII words separated by single
// spaces, SMS abbreviations expanded, leetspeak and spacing tricks undone, letter runs collapsed), while keeping
// for every folded character the span of the original text it came from, so matches point back into the message.
import { EMOJI_WORDS, LEET_LETTERS, MISSPELT_STEMS, SMS_WORDS } from './teen-spelling.ts';

export interface Folded {
  text: string;
  /** start[i], end[i]: the original UTF-16 span that folded character i came from. */
  start: number[];
  end: number[];
}

/**
 * Repeated letters are collapsed to one ("mourirrrr", but also "frapper" → "fraper"): the lexicon goes through
 * the same collapse (see patterns.ts), so doubled letters in real words still match, and stretched ones too.
 */
export function collapseRepeats(word: string): string {
  return word.replace(/([a-z])\1+/g, '$1');
}

/** Runs the whole folding pipeline; each step is one pass over the previous result. */
export function fold(input: string): Folded {
  let f = foldCharacters(input);
  f = rewrite(f, INNER_MARKS, () => '');
  f = rewrite(f, LEET_TOKEN, (m) => unLeet(m[0]));
  f = rewrite(f, SPACED_LETTERS, (m) => m[0].replace(/[ -]/g, ''));
  f = rewrite(f, NON_WORD, () => ' ');
  f = trim(f);
  f = rewrite(f, WORD, (m) => SMS_WORDS.get(m[0]) ?? SMS_WORDS.get(collapseRepeats(m[0])) ?? m[0]);
  f = rewrite(f, GLUED_J, () => 'j ');
  f = rewrite(f, LETTER_RUN, (m) => m[1]!);
  f = rewrite(f, MISSPELT, (m) => MISSPELT_STEMS.get(m[0])!);
  return f;
}

// "s.u.i.c.i.d.e", "sui_cide", "con*ard": marks inside a word are dropped. Hyphens and apostrophes are not in
// the list: they separate real words ("grand-mère", "j'ai").
const INNER_MARKS = /(?<=[a-z0-9@$€])[._*~|]+(?=[a-z0-9@$€])/g;
// A token mixing letters with leet characters; only such tokens are read as leetspeak, so "3 pommes" stays a number.
const LEET_TOKEN = /[a-z0-9@$€!|]*[a-z][a-z0-9@$€!|]*/g;
const NON_WORD = /[^a-z0-9]+/g;
// Four or more single letters, each followed by the same single space or hyphen: "s u i c i d e", "t-u-e-r".
// Three would join "c à d"; an elided letter ("c’est") ends the run instead of joining it.
const SPACED_LETTERS = /(?<![a-z0-9'’])[a-z]([ -])[a-z](?:\1[a-z]){2,}(?![a-z0-9'’])/g;
const WORD = /[a-z0-9]+/g;
// French has no word starting with j + consonant: "jveux", "jpense", "jme" are "j'" glued to the next word.
const GLUED_J = /(?<![a-z0-9])j(?=[bcdfghjklmnpqrstvwxz])/g;
const LETTER_RUN = /([a-z])\1+/g;
const MISSPELT = new RegExp(`(?<![a-z0-9])(?:${[...MISSPELT_STEMS.keys()].join('|')})`, 'g');

/**
 * Leet characters become letters inside a word, but a leading number stays a number ("30ans", "14h30", "2nde"),
 * and a trailing run of several digits too ("14h30"); a single trailing digit is a letter ("p0rn0", "m3").
 */
function unLeet(token: string): string {
  let out = '';
  let seenLetter = false;
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    const letter = LEET_LETTERS.get(c);
    if (letter === undefined) {
      if (c >= 'a' && c <= 'z') seenLetter = true;
      out += c;
      continue;
    }
    if (c === '!' || c === '|') {
      // Only between letters: "mourir!" keeps its exclamation mark.
      out += isLetter(token[i - 1]) && isLetter(token[i + 1]) ? letter : c;
      continue;
    }
    if (!isDigit(c)) {
      out += isLetter(token[i - 1]) || isLetter(token[i + 1]) ? letter : c;
      continue;
    }
    let runEnd = i;
    while (runEnd < token.length && isDigit(token[runEnd])) runEnd++;
    const followedByLetter = runEnd < token.length && !isDigit(token[runEnd]);
    if (seenLetter && (followedByLetter || runEnd - i === 1)) {
      for (let k = i; k < runEnd; k++) out += LEET_LETTERS.get(token[k]!) ?? token[k];
    } else {
      out += token.slice(i, runEnd);
    }
    i = runEnd - 1;
  }
  return out;
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

// Characters that only hide a word from a filter: zero-width spaces and joiners, soft hyphen, BOM.
const INVISIBLE = new Set([0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** Lowercase, accents and ligatures removed, full-width letters made ASCII; everything else kept as is. */
export function foldCharacters(input: string): Folded {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < input.length; ) {
    const code = input.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = input.slice(i, i + width);
    let out: string;
    if (INVISIBLE.has(code)) out = '';
    else if (code < FOLD_TABLE.length) out = FOLD_TABLE[code]!;
    else out = EMOJI_WORDS.has(ch) ? ` ${EMOJI_WORDS.get(ch)} ` : foldOne(ch);
    for (let k = 0; k < out.length; k++) {
      text += out[k];
      start.push(i);
      end.push(i + width);
    }
    i += width;
  }
  return { text, start, end };
}

function foldOne(ch: string): string {
  const special = LIGATURES[ch];
  if (special !== undefined) return special;
  return ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', ø: 'o', Ø: 'o', đ: 'd', ł: 'l' };

// Latin, Latin-1 and Latin Extended are folded once at load time; other characters on the fly.
const FOLD_TABLE: string[] = Array.from({ length: 0x250 }, (_, code) => foldOne(String.fromCharCode(code)));

/** Rewrites every match of `re`; a replacement of another length maps all its characters to the whole match. */
function rewrite(f: Folded, re: RegExp, replace: (m: RegExpExecArray) => string): Folded {
  // Most steps change nothing in most messages (every word is visited for SMS and leetspeak): find the changes
  // first, and rebuild only if there are some, to keep allocation (and GC pauses) low on the hot path.
  const changes: { at: number; length: number; replacement: string }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(f.text); m !== null; m = re.exec(f.text)) {
    const replacement = replace(m);
    if (replacement !== m[0]) changes.push({ at: m.index, length: m[0].length, replacement });
  }
  if (changes.length === 0) return f;
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let from = 0;
  const copy = (to: number) => {
    text += f.text.slice(from, to);
    for (let k = from; k < to; k++) {
      start.push(f.start[k]!);
      end.push(f.end[k]!);
    }
  };
  for (const { at, length, replacement } of changes) {
    copy(at);
    if (replacement.length === length) {
      for (let k = 0; k < length; k++) {
        start.push(f.start[at + k]!);
        end.push(f.end[at + k]!);
      }
    } else {
      for (let k = 0; k < replacement.length; k++) {
        start.push(f.start[at]!);
        end.push(f.end[at + length - 1]!);
      }
    }
    text += replacement;
    from = at + length;
  }
  copy(f.text.length);
  return { text, start, end };
}

function trim(f: Folded): Folded {
  let a = 0;
  let b = f.text.length;
  while (a < b && f.text[a] === ' ') a++;
  while (b > a && f.text[b - 1] === ' ') b--;
  if (a === 0 && b === f.text.length) return f;
  return { text: f.text.slice(a, b), start: f.start.slice(a, b), end: f.end.slice(a, b) };
}
