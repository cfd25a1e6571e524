// Output moderation on the stream: text reaches the pupil only once the watcher has judged it (up to the
// last word boundary), so an answer that goes wrong is stopped before its harmful part is shown.
import { createOutputWatcher, type OutputFlag } from '../moderation/output-watcher.ts';

const SEPARATOR = /[\s.,;:!?…'’"«»()[\]{}-]/;

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
  }, { everyChars: 1 });
  let text = '';
  let released = 0;
  return {
    push(piece) {
      if (flag) return '';
      text += piece;
      watcher.push(piece);
      if (flag) return '';
      let boundary = text.length;
      while (boundary > released && !SEPARATOR.test(text[boundary - 1]!)) boundary--;
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
