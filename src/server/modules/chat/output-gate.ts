// Output moderation on the stream: text reaches the pupil only once the watcher has judged it, so an answer
// that goes wrong is stopped before its harmful part is shown. The watcher judges the first whole word at once
// (so the answer starts showing after one word, not a few), then every few words or at a sentence end; each
// judgement reads the folded text kept since the start, without folding it again.
//
// The rule for what is shown: only text up to the last judged word boundary, and only while the answer is not
// flagged. A word still being written is not shown, even if it looks harmless so far ("con" → "connard"), and a
// flagged match always ends on a word that was not yet shown, since it is judged before release. One exception,
// for the time to first text: the answer's first word is shown as it comes when no rule can match a word beginning
// that way, whatever its end (moderation/opening-word.ts), since no match can end on it then.
import { openingWordMayShow } from '../moderation/opening-word.ts';
import { createOutputWatcher, type OutputFlag } from '../moderation/output-watcher.ts';

export interface OutputGate {
  /** Feeds a piece; returns the text judged safe to show now. */
  push(piece: string): string;
  /** End of the answer: judges and returns what is left, unless the answer was stopped. */
  end(): string;
  readonly flag: OutputFlag | null;
}

export function createOutputGate(): OutputGate {
  let flag: OutputFlag | null = null;
  const watcher = createOutputWatcher((f) => {
    flag = f;
  });
  let text = '';
  let released = 0;
  return {
    push(piece) {
      if (flag) return '';
      text += piece;
      watcher.push(piece);
      if (flag) return '';
      let boundary = watcher.judgedUpTo;
      // Before any word is judged, the text after the judged boundary is the first word, still being written.
      if (!watcher.wordJudged && boundary < text.length && openingWordMayShow(text.slice(boundary))) boundary = text.length;
      if (boundary <= released) return '';
      const out = text.slice(released, boundary);
      released = boundary;
      return out;
    },
    end() {
      if (flag) return '';
      watcher.end();
      if (flag) return '';
      const out = text.slice(released);
      released = text.length;
      return out;
    },
    get flag() {
      return flag;
    },
  };
}
