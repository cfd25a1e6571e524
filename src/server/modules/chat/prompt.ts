// Builds what the model sees: the reviewed system prompt from prompts/, then the conversation.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatTurn } from '../llm/llm.types.ts';

const PROMPTS_DIR = fileURLToPath(new URL('../../../../prompts/', import.meta.url));

/** Reads a prompt file without its HTML comments (the rationale is for reviewers, not for the model). */
export function loadPrompt(name: string): string {
  return readFileSync(`${PROMPTS_DIR}${name}`, 'utf8').replace(/<!--[\s\S]*?-->/g, '').trim();
}

export interface HistoryMessage {
  author: 'pupil' | 'tutor';
  text: string;
}

export function buildChatTurns(systemPrompt: string, subject: string | null, history: HistoryMessage[]): ChatTurn[] {
  const system = subject ? `${systemPrompt}\n\nMatière de cette conversation : ${subject}.` : systemPrompt;
  const turns: ChatTurn[] = [{ role: 'system', content: system }];
  for (const message of history) {
    if (message.text.length === 0) continue;
    turns.push({ role: message.author === 'pupil' ? 'user' : 'assistant', content: message.text });
  }
  return turns;
}
