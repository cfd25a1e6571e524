// Every match of a global regular expression, like `text.matchAll(pattern)`, without its copy of the expression.
// matchAll copies the expression at each call, and the copies cost twice:
// - V8 initialises each one (about 1 % of the server's CPU, a dozen detectors running on every pupil message);
// - a copy finds its compiled code in V8's regular-expression cache, which two major garbage collections empty:
//   on a quiet server, the next pupil message then compiled every detector's Unicode expressions again (55–82 ms,
//   then 31–42 ms for the message after). The module's own expressions keep their compiled code (0.1 ms).
// The expressions are module constants used only through this function, synchronously, so their `lastIndex` is
// free to use and is left at 0.

export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches needs a global expression: ${pattern}`);
  const unicode = pattern.unicode || pattern.unicodeSets;
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  try {
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      found.push(match);
      // An empty match would be found again at the same place: step over one character (a whole one in Unicode mode).
      if (match[0] === '') pattern.lastIndex += unicode && (text.codePointAt(pattern.lastIndex) ?? 0) > 0xffff ? 2 : 1;
    }
  } finally {
    pattern.lastIndex = 0;
  }
  return found;
}
