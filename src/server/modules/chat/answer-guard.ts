// In Guidage mode the tutor must not give the final answer the teacher entered. The guard watches the
// stream, holds back only what could be the beginning of that answer, and stops the answer when it appears,
// so the pupil never sees it, even for a moment.

export interface AnswerGuard {
  /** Feeds a streamed piece; returns the text that is safe to show now. */
  push(piece: string): string;
  /** End of the stream: the text still held back, safe to show. */
  flush(): string;
  readonly tripped: boolean;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Spaces optional, decimal point or comma, "=" also written "vaut" / "égal à". */
function flexible(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => escapeRegExp(word).replace(/\\\.|,/g, '[.,]'))
    .join('\\s*')
    .replace(/=/g, '\\s*(?:=|vaut|egale?\\s*a)\\s*');
}

const NO_MORE_DIGITS = '(?![.,]?\\d)';

/**
 * Forms of the expected answer to look for. "x = 5" is caught as written, and its value 5 only in a
 * concluding form ("= 5", "vaut 5", "la réponse est 5"), so "3x + 5 = 20" in a hint is not mistaken for it.
 */
export function answerPatterns(expected: string): RegExp[] {
  const answer = fold(expected.trim());
  if (answer.length === 0) return [];
  const value = (/=\s*(.+)$/.exec(answer)?.[1] ?? answer).trim();
  const endsWithDigit = /\d$/.test(answer);
  const patterns: RegExp[] = [];
  // The whole answer as written, when it says more than a bare number (an equation, a name, a phrase).
  if (/=/.test(answer) || /[a-z]{4,}/.test(answer)) patterns.push(new RegExp(flexible(answer) + (endsWithDigit ? NO_MORE_DIGITS : ''), 'u'));
  const valuePattern = (/^\d/.test(value) ? '(?<![\\d.,])' : '') + flexible(value) + (/\d$/.test(value) ? NO_MORE_DIGITS : '');
  patterns.push(new RegExp(`(?:=|vaut|egale?\\s+a|est(?:\\s+egale?\\s+a)?|donne|solution\\s*:?|reponse\\s*:?|resultat\\s*:?)\\s*${valuePattern}`, 'u'));
  return patterns;
}

/** Longest suffix that could still become a match: held back until the next token decides. */
const HOLD_BACK = 48;

/**
 * True when a pattern matches. While streaming, a match that touches the end of the text is not final
 * ("x = 5" may still become "x = 50"), so it waits for the next piece; at the end of the stream it counts.
 */
function matches(patterns: RegExp[], text: string, final: boolean): boolean {
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, 'gu');
    for (let m = global.exec(text); m; m = global.exec(text)) {
      if (final || m.index + m[0].length < text.length) return true;
      if (m[0].length === 0) global.lastIndex += 1;
    }
  }
  return false;
}

export function createAnswerGuard(expected: string | null): AnswerGuard {
  const patterns = expected ? answerPatterns(expected) : [];
  let shown = '';
  let pending = '';
  let tripped = false;
  return {
    push(piece) {
      if (tripped || patterns.length === 0) return tripped ? '' : piece;
      pending += piece;
      const window = fold(shown.slice(-HOLD_BACK) + pending);
      if (matches(patterns, window, false)) {
        tripped = true;
        pending = '';
        return '';
      }
      const release = pending.slice(0, Math.max(0, pending.length - HOLD_BACK));
      pending = pending.slice(release.length);
      shown += release;
      return release;
    },
    flush() {
      if (!tripped && patterns.length > 0 && matches(patterns, fold(shown.slice(-HOLD_BACK) + pending), true)) tripped = true;
      const rest = tripped ? '' : pending;
      shown += rest;
      pending = '';
      return rest;
    },
    get tripped() {
      return tripped;
    },
  };
}

export const GUARD_NOTICE =
  '\n\n*Je m’arrête là : j’allais te donner la réponse, et le but est que tu la trouves toi-même. Dis-moi où tu en es et on avance ensemble, étape par étape.*';
