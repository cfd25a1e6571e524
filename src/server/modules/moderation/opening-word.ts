// The first word of the tutor's answer may be shown before it is whole, when no rule can make it harmful.
//
// Why: the output gate shows text only up to a judged word boundary, so that the start of a forbidden word is never
// shown ("con" → "connard"). For the first word that costs one or more generation steps before the pupil sees
// anything ("Bonjour" waits for the token after it), which is most of the time to first text our path adds.
//
// When it is safe: nothing but separators comes before the first word, so a rule match that ends on that word is
// that word alone. If no rule can match one word that begins with the letters so far (rule-automaton.ts, which errs
// towards "it could"), no ending of the word makes it harmful, and its beginning can be shown. A match that goes on
// over later words ends on a word not yet shown, as before. Folding must not be able to turn the finished word into
// something that does not begin with these letters: letters only (no digits, symbols or emoji, which folding reads
// as letters or words), and held while the word may still become a known misspelling, "j" glued to the next word,
// or an SMS abbreviation whose plain French a rule matches ("ntm"), which folding rewrites whole.
import { answerRuleExpressions } from './classify.ts';
import { collapseRepeats, fold, foldCharacters } from './fold.ts';
import { createOneWordMatcher, type OneWordMatcher } from './rule-automaton.ts';
import { MISSPELT_STEMS, SMS_WORDS } from './teen-spelling.ts';

const LETTERS_ONLY = /^\p{L}+$/u;
const FOLDED_LETTERS = /^[a-z]+$/;

interface Analysis {
  matcher: OneWordMatcher;
  /** Abbreviations whose plain French some rule matches: a word that may still become one is held. */
  riskyAbbreviations: string[];
}

// Built on first use (≈ 50–80 ms), like the rule prefilter: most processes that load moderation never stream an answer.
let analysis: Analysis | undefined;

function analyse(): Analysis {
  const rules = answerRuleExpressions();
  const riskyAbbreviations = [...SMS_WORDS.keys()].filter((key) => {
    const plainFrench = fold(key).text;
    return rules.some((re) => {
      re.lastIndex = 0;
      const found = re.test(plainFrench);
      re.lastIndex = 0;
      return found;
    });
  });
  return { matcher: createOneWordMatcher(rules), riskyAbbreviations };
}

/**
 * True when `partial`, the beginning of the answer's first word (only separators before it), can be shown now:
 * however the word ends, no rule judged in answers matches it.
 */
export function openingWordMayShow(partial: string): boolean {
  if (!LETTERS_ONLY.test(partial)) return false;
  // As folding sees the word before it expands abbreviations, and after (accents, case, doubled letters).
  const plain = foldCharacters(partial).text;
  const folded = fold(partial).text;
  if (!FOLDED_LETTERS.test(plain)) return false;
  // Folding did more than drop accents, case and doubled letters (an abbreviation, a misspelling): hold it.
  const collapsed = collapseRepeats(plain);
  if (folded !== collapsed) return false;
  // "j" + consonant is split in two words ("jpense"); a word that is a single "j" so far may still become one.
  if (folded === 'j') return false;
  // The finished word may still begin with a misspelling ("suisi" → "suisid") or be an abbreviation a rule reads
  // ("nt" → "ntm"; "ju" may become "jui", "je suis", which no rule reads alone).
  for (const key of MISSPELT_STEMS.keys()) if (key.startsWith(collapsed) || collapsed.startsWith(key)) return false;
  analysis ??= analyse();
  for (const key of analysis.riskyAbbreviations) if (key.startsWith(plain) || key.startsWith(collapsed)) return false;
  return !analysis.matcher.couldBeginOneWordMatch(folded);
}
