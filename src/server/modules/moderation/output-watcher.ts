// Watches the tutor's answer while it streams and reports, once, the moment it goes wrong, so the caller can
// abort generation. Tokens are cut anywhere ("sui" + "cide"), so text is only judged up to the last whole word.
//
// Cost: the answer is folded once, piece by piece (folding is local to a word except across spaced letters
// "s u i c i d e", so a piece ends only at a space after two letters or digits), and each judgement runs the rules
// over the folded window only, without folding it again.
import type { Category } from './categories.ts';
import { classifyFolded, type ModerationMatch } from './classify.ts';
import { fold, type Folded } from './fold.ts';

export interface OutputFlag {
  categories: Category[];
  /** Offsets in the whole answer streamed so far. */
  matches: ModerationMatch[];
}

export interface OutputWatcher {
  /** Adds the next piece of the answer; returns the flag if this piece made the answer go wrong. */
  push(token: string): OutputFlag | null;
  /** Judges the end of the answer (the last word has no separator after it). */
  end(): OutputFlag | null;
  readonly flagged: boolean;
  /** How much of the answer has been judged so far: text before this offset is safe to show. */
  readonly judgedUpTo: number;
  /** Whether the judged text holds a word yet (leading spaces, line breaks and punctuation do not count). */
  readonly wordJudged: boolean;
}

export interface OutputWatcherOptions {
  /** Categories that stop the answer (all six by default). */
  categories?: readonly Category[];
  /**
   * Judge again once this many new characters have arrived (a sentence end triggers it at once, and so does the
   * first whole word, so that the answer starts showing without waiting).
   */
  everyChars?: number;
}

// Longer than any rule's reach in practice (a gap of ten words), so a match straddling two checks is still seen
// whole. Counted in characters of the answer, not of folded text: the window covers the same words as when the
// whole window was folded at each check, and so gets the same verdicts (school context and weak cues are judged
// over the window; a shorter window changes them, see output-watcher.property.test.ts).
const OVERLAP = 240;
/** What ends a word for the watcher: text is judged, and shown, up to the last one. */
const WORD_SEPARATOR = /[\s.,;:!?…'’"«»()[\]{}-]/;
const SENTENCE_END = /[.!?…\n]/;
// Where the folded text may be cut: a plain space, tab or newline right after two ASCII letters or digits. Folding
// then gives the same text on both sides as over the whole: no folding step reads across such a space (spaced
// letters need a single letter before it; zero-width characters, which folding deletes, are not in the class).
const CUT_SPACE = /[ \t\n\r]/;
const ALNUM = /[A-Za-z0-9]/;

/** Appends `piece` (folded text of original offsets shifted by `offset`) to `into`, one space between words. */
function appendFolded(into: Folded, piece: Folded, offset: number, joinAt: number): void {
  if (piece.text.length === 0) return;
  if (into.text.length > 0) {
    into.text += ' ';
    into.start.push(joinAt);
    into.end.push(joinAt + 1);
  }
  into.text += piece.text;
  for (let k = 0; k < piece.text.length; k++) {
    into.start.push(piece.start[k]! + offset);
    into.end.push(piece.end[k]! + offset);
  }
}

export function createOutputWatcher(onFlag: (flag: OutputFlag) => void, options: OutputWatcherOptions = {}): OutputWatcher {
  const watched = new Set<Category>(options.categories ?? ['self_harm', 'harassment', 'sexual', 'violence', 'hate', 'abuse']);
  const everyChars = options.everyChars ?? 24;
  let text = '';
  let checkedUpTo = 0;
  // The last judgement on the regular schedule (every `everyChars` or at a sentence end); the early judgement of
  // the first word does not move it, so the regular judgements, and their windows, are those of the full check.
  let regularUpTo = 0;
  let flagged = false;
  let wordJudged = false;
  // The answer's text before `foldedUpTo`, folded once.
  const folded: Folded = { text: '', start: [], end: [] };
  let foldedUpTo = 0;

  function lastCut(from: number, upTo: number): number {
    for (let p = upTo - 1; p >= from + 2; p--) {
      if (CUT_SPACE.test(text[p]!) && ALNUM.test(text[p - 1]!) && ALNUM.test(text[p - 2]!)) return p;
    }
    return -1;
  }

  /** The first folded character that comes from the answer at or after `offset` (folding keeps the order). */
  function firstFoldedAt(offset: number): number {
    let low = 0;
    let high = folded.start.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (folded.start[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  function judge(upTo: number, regular: boolean): OutputFlag | null {
    // Fold the new text once, up to its last cut; only the words after that cut are folded again next time.
    const cut = lastCut(foldedUpTo, upTo);
    if (cut >= 0) {
      appendFolded(folded, fold(text.slice(foldedUpTo, cut)), foldedUpTo, foldedUpTo - 1);
      foldedUpTo = cut + 1;
    }
    const tail = fold(text.slice(foldedUpTo, upTo));
    const judgedBefore = checkedUpTo;
    // The window restarts at a folded word, so a cut word ("constituer" → "tuer") cannot match.
    let from = firstFoldedAt(Math.max(0, regularUpTo - OVERLAP));
    while (from > 0 && from < folded.text.length && folded.text[from - 1] !== ' ') from++;
    const window: Folded = { text: folded.text.slice(from), start: folded.start.slice(from), end: folded.end.slice(from) };
    appendFolded(window, tail, foldedUpTo, foldedUpTo - 1);
    for (let p = judgedBefore; !wordJudged && p < upTo; p++) if (!WORD_SEPARATOR.test(text[p]!)) wordJudged = true;
    checkedUpTo = upTo;
    if (regular) regularUpTo = upTo;

    const result = classifyFolded(window, { author: 'assistant' });
    // A category flagged only by words judged before was cleared then by what came before them (school context,
    // a benign phrase), which this window has left behind; new words can only add such context, never take it
    // away. Only a flag with a match in the new text is real (it may still count earlier cues: two weak cues).
    const categories = result.categories.filter((c) => watched.has(c) && result.matches.some((m) => m.category === c && m.end > judgedBefore));
    if (categories.length === 0) return null;
    flagged = true;
    const flag: OutputFlag = { categories, matches: result.matches.filter((m) => categories.includes(m.category)) };
    onFlag(flag);
    return flag;
  }

  return {
    push(token) {
      if (flagged) return null;
      text += token;
      let boundary = text.length;
      while (boundary > checkedUpTo && !WORD_SEPARATOR.test(text[boundary - 1]!)) boundary--;
      if (boundary <= checkedUpTo) return null;
      const sinceRegular = boundary - regularUpTo;
      const regular = sinceRegular >= everyChars || SENTENCE_END.test(token);
      // The first whole word is judged at once, so the answer starts showing without waiting for a few words (a
      // leading space or line break judged alone does not count as that word).
      if (!regular && wordJudged) return null;
      return judge(boundary, regular);
    },
    end() {
      if (flagged || checkedUpTo >= text.length) return null;
      return judge(text.length, true);
    },
    get flagged() {
      return flagged;
    },
    get judgedUpTo() {
      return checkedUpTo;
    },
    get wordJudged() {
      return wordJudged;
    },
  };
}
