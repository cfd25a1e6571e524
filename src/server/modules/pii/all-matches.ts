// Every match of a global regular expression, like `text.matchAll(pattern)`, without its cost: matchAll copies the
// expression at each call (V8 then initialises a new RegExp, about 1 % of the server's CPU when the detectors ran
// a dozen of them on every pupil message). The expressions are module constants used only through this function,
// synchronously, so their `lastIndex` is free to use and is left at 0.

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
