// Full-text search over an assignment's passages with MiniSearch, in memory, tuned for French: case and
// accents do not matter, elided articles and common words are ignored, and a plural finds its singular.
import MiniSearch from 'minisearch';

export interface IndexedPassage {
  documentId: string;
  documentName: string;
  /** Number inside its document, from 1. */
  passage: number;
  text: string;
}

export interface PassageHit extends IndexedPassage {
  score: number;
}

// Function words that match everywhere and say nothing about what the pupil is looking for.
const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces cet cette dans de des du elle en et est il ils je la le les leur leurs lui ma mais me mes moi mon ne nous on ou par pas pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y ' +
    'c d j l m n s t ca comment quoi quel quelle quels quelles est-ce faut fait faire peux peut veux comprends comprend pas bien tres plus moins ai as avez avons suis es etes etre avoir'
  ).split(' '),
);

/** Lower case, no accents, no stop words; "équations" and "Equation" become the same term. */
export function normaliseTerm(term: string): string | null {
  const plain = term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (plain.length < 2 || STOP_WORDS.has(plain)) return null;
  // A light plural rule rather than a stemmer: enough for course vocabulary, never wrong on short words.
  return plain.length > 4 && /[sx]$/.test(plain) ? plain.slice(0, -1) : plain;
}

export interface PassageIndex {
  search(query: string, options: { limit: number; maxChars: number }): PassageHit[];
  readonly size: number;
}

/** Results scoring under this share of the best one are noise next to it. */
const RELATIVE_FLOOR = 0.25;

export function createPassageIndex(passages: readonly IndexedPassage[]): PassageIndex {
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    processTerm: (term) => normaliseTerm(term),
    searchOptions: {
      combineWith: 'OR',
      prefix: (term) => term.length >= 5,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
    },
  });
  index.addAll(passages.map((passage, id) => ({ id, text: passage.text })));
  return {
    size: passages.length,
    search(query, { limit, maxChars }) {
      const results = index.search(query);
      const best = results[0]?.score ?? 0;
      const hits: PassageHit[] = [];
      let chars = 0;
      for (const result of results) {
        if (hits.length >= limit || result.score < best * RELATIVE_FLOOR) break;
        const passage = passages[result.id as number];
        if (!passage || chars + passage.text.length > maxChars) continue;
        chars += passage.text.length;
        hits.push({ ...passage, score: result.score });
      }
      return hits;
    },
  };
}
