// Output moderation on the stream: text reaches the pupil only once the watcher has judged it, so an answer
// that goes wrong is stopped before its harmful part is shown. The watcher judges every few words or at a
// sentence end (judging at every word cost a third of the server's CPU in the serving benchmark), so text
// arrives a few words at a time.
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
      const boundary = watcher.judgedUpTo;
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
