import { describe, expect, it } from 'vitest';
import { fitHistory } from './fit-history.ts';
import type { ChatTurn } from './llm.types.ts';

// One token per character plus a few per turn for the template: close enough to a real tokenizer.
const countTokens = (turns: readonly ChatTurn[]) => turns.reduce((sum, turn) => sum + turn.content.length + 4, 0);

const conversation: ChatTurn[] = [
  { role: 'system', content: 'Tu es un tuteur.' },
  { role: 'user', content: 'Question un ?' },
  { role: 'assistant', content: 'Réponse un.' },
  { role: 'user', content: 'Question deux ?' },
  { role: 'assistant', content: 'Réponse deux.' },
  { role: 'user', content: 'Question trois ?' },
];

describe('fitHistory', () => {
  it('keeps a conversation that fits untouched', () => {
    const fitted = fitHistory(conversation, 1000, countTokens);
    expect(fitted.turns).toEqual(conversation);
    expect(fitted.tokens).toBe(countTokens(conversation));
  });

  it('drops the oldest question with its answer first, keeping the system prompt and the latest message', () => {
    const budget = countTokens(conversation) - 1;
    const { turns, tokens } = fitHistory(conversation, budget, countTokens);
    expect(turns.map((t) => t.content)).toEqual(['Tu es un tuteur.', 'Question deux ?', 'Réponse deux.', 'Question trois ?']);
    expect(tokens).toBeLessThanOrEqual(budget);
  });

  it('never starts the kept conversation with an assistant turn', () => {
    for (let budget = 40; budget < countTokens(conversation); budget += 3) {
      const { turns } = fitHistory(conversation, budget, countTokens);
      expect(turns.find((t) => t.role !== 'system')?.role).not.toBe('assistant');
      expect(turns.at(-1)?.content.endsWith('trois ?')).toBe(true);
    }
  });

  it('shortens an oversized latest message from its start, so the end of the question stays', () => {
    const long: ChatTurn[] = [
      { role: 'system', content: 'Tu es un tuteur.' },
      { role: 'user', content: `${'bla '.repeat(500)}Quelle est la question ?` },
    ];
    const { turns, tokens } = fitHistory(long, 200, countTokens);
    expect(tokens).toBeLessThanOrEqual(200);
    expect(turns[0]).toEqual(long[0]);
    expect(turns[1]?.content.endsWith('Quelle est la question ?')).toBe(true);
  });

  it('never renders and counts the same turns twice (each count tokenizes the whole prompt while others wait)', () => {
    const long: ChatTurn[] = [
      { role: 'system', content: `Règle principale : guider sans donner la réponse. ${'détail '.repeat(400)}` },
      { role: 'user', content: 'Bonjour' },
    ];
    for (const [turns, budget] of [
      [long, 150],
      [conversation, countTokens(conversation) - 1],
      [conversation, 40],
      [[...conversation, { role: 'assistant', content: 'x'.repeat(300) }, { role: 'user', content: 'Et alors ?' }], 60],
    ] as [ChatTurn[], number][]) {
      const seen: string[] = [];
      const fitted = fitHistory(turns, budget, (candidate) => (seen.push(JSON.stringify(candidate)), countTokens(candidate)));
      expect(new Set(seen).size, JSON.stringify(seen)).toBe(seen.length);
      expect(fitted.tokens).toBe(countTokens(fitted.turns));
    }
  });

  it('shortens an oversized system prompt from its end, keeping its first instructions', () => {
    const long: ChatTurn[] = [
      { role: 'system', content: `Règle principale : guider sans donner la réponse. ${'détail '.repeat(400)}` },
      { role: 'user', content: 'Bonjour' },
    ];
    const { turns, tokens } = fitHistory(long, 150, countTokens);
    expect(tokens).toBeLessThanOrEqual(150);
    expect(turns[0]?.content.startsWith('Règle principale')).toBe(true);
    expect(turns[1]).toEqual(long[1]);
  });
});
