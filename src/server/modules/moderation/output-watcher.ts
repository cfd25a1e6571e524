// Watches the tutor's answer while it streams and reports, once, the moment it goes wrong, so the caller can
// abort generation. Tokens are cut anywhere ("sui" + "cide"), so text is only judged up to the last whole word.
import type { Category } from './categories.ts';
import { classify, type Classification, type ModerationMatch } from './classify.ts';

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
}

export interface OutputWatcherOptions {
  /** Categories that stop the answer (all six by default). */
  categories?: readonly Category[];
  /** Judge again once this many new characters have arrived (a sentence end triggers it at once). */
  everyChars?: number;
}

// Longer than any rule's reach (a gap of ten words), so a match straddling two checks is still seen whole.
const OVERLAP = 240;
const SEPARATOR = /[\s.,;:!?…'’"«»()[\]{}-]/;
const SENTENCE_END = /[.!?…\n]/;

export function createOutputWatcher(onFlag: (flag: OutputFlag) => void, options: OutputWatcherOptions = {}): OutputWatcher {
  const watched = new Set<Category>(options.categories ?? ['self_harm', 'harassment', 'sexual', 'violence', 'hate', 'abuse']);
  const everyChars = options.everyChars ?? 24;
  let text = '';
  let checkedUpTo = 0;
  let flagged = false;

  function judge(upTo: number): OutputFlag | null {
    let from = Math.max(0, checkedUpTo - OVERLAP);
    // Start on a word boundary, so a cut word ("constituer" → "tuer") cannot match.
    while (from > 0 && from < upTo && !SEPARATOR.test(text[from - 1]!)) from++;
    checkedUpTo = upTo;
    const result: Classification = classify(text.slice(from, upTo), { author: 'assistant' });
    const categories = result.categories.filter((c) => watched.has(c));
    if (categories.length === 0) return null;
    flagged = true;
    const flag: OutputFlag = {
      categories,
      matches: result.matches.filter((m) => watched.has(m.category)).map((m) => ({ ...m, start: m.start + from, end: m.end + from })),
    };
    onFlag(flag);
    return flag;
  }

  return {
    push(token) {
      if (flagged) return null;
      text += token;
      let boundary = text.length;
      while (boundary > checkedUpTo && !SEPARATOR.test(text[boundary - 1]!)) boundary--;
      const newChars = boundary - checkedUpTo;
      if (newChars <= 0) return null;
      if (newChars < everyChars && !SENTENCE_END.test(token)) return null;
      return judge(boundary);
    },
    end() {
      if (flagged || checkedUpTo >= text.length) return null;
      return judge(text.length);
    },
    get flagged() {
      return flagged;
    },
    get judgedUpTo() {
      return checkedUpTo;
    },
  };
}
