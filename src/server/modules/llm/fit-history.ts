// Shortens a conversation until its rendered prompt fits a token budget, so a long conversation never
// fails generation. Simple on purpose: oldest turns go first (a later issue may summarise instead).

import type { ChatTurn } from './llm.types.ts';

/** Token count of the prompt rendered from `turns` (chat template included). */
export type CountPromptTokens = (turns: readonly ChatTurn[]) => number;

/** Enough rounds for any real conversation; beyond that the caller's context shift takes over. */
const MAX_TRUNCATION_ROUNDS = 64;

export interface FittedHistory {
  turns: ChatTurn[];
  /** Prompt tokens of `turns`; above the budget only if the conversation could not be shortened enough. */
  tokens: number;
}

export function fitHistory(turns: readonly ChatTurn[], budget: number, countTokens: CountPromptTokens): FittedHistory {
  let kept = [...turns];
  let tokens = countTokens(kept);

  // 1. Drop the oldest non-system turns, never the latest one (the pupil's message). What is kept starts
  // with a question: many templates (Mistral, Llama 2...) reject a conversation whose first non-system turn
  // is the assistant's. Dropping more never adds tokens, so a binary search finds the longest tail that fits
  // in a few token counts, however long the conversation.
  if (tokens > budget) {
    const starts = turns.flatMap((turn, i) => (turn.role === 'user' || i === turns.length - 1 ? [i] : []));
    // Counting means rendering and tokenizing the whole prompt, synchronously, while other pupils wait: a tail
    // that is the whole conversation (only system turns before it) is already counted, and none is counted twice.
    const counted = new Map<number, FittedHistory>();
    const wholeTokens = tokens;
    const tail = (start: number): FittedHistory => {
      let fitted = counted.get(start);
      if (!fitted) {
        const candidate = tailFrom(turns, start);
        fitted = { turns: candidate, tokens: candidate.length === turns.length ? wholeTokens : countTokens(candidate) };
        counted.set(start, fitted);
      }
      return fitted;
    };
    let low = 0;
    let high = starts.length - 1;
    let best: FittedHistory | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = tail(starts[middle] ?? 0);
      if (candidate.tokens <= budget) {
        best = candidate;
        high = middle - 1;
      } else {
        low = middle + 1;
      }
    }
    const shortest = starts.at(-1);
    if (!best && shortest !== undefined) best = tail(shortest);
    if (best) ({ turns: kept, tokens } = best);
  }

  // 2. Still too long (a huge message or system prompt): shorten the longest text. The latest message keeps
  // its end (the question is usually there), a system prompt keeps its beginning (its main instructions).
  for (let round = 0; tokens > budget && round < MAX_TRUNCATION_ROUNDS; round++) {
    const longest = kept.reduce((found, turn, i) => (turn.content.length > (kept[found]?.content.length ?? -1) ? i : found), 0);
    const turn = kept[longest];
    if (!turn || turn.content.length === 0) break;
    const charsPerToken = Math.max(1, totalChars(kept) / Math.max(1, tokens));
    const cut = Math.min(turn.content.length, Math.ceil((tokens - budget) * charsPerToken) + 8);
    const content = turn.role === 'system'
      ? turn.content.slice(0, turn.content.length - cut)
      : turn.content.slice(cut);
    kept = kept.map((t, i) => (i === longest ? { ...t, content } : t));
    tokens = countTokens(kept);
  }
  return { turns: kept, tokens };
}

/** The system turns, and every turn from `start` on. */
function tailFrom(turns: readonly ChatTurn[], start: number): ChatTurn[] {
  return turns.filter((turn, i) => i >= start || turn.role === 'system');
}

function totalChars(turns: readonly ChatTurn[]): number {
  return turns.reduce((sum, turn) => sum + turn.content.length, 0);
}
