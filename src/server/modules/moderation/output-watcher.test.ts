import { describe, expect, it, vi } from 'vitest';
import { classify } from './classify.ts';
import { createOutputWatcher } from './output-watcher.ts';

function stream(text: string, size: number): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < text.length; i += size) tokens.push(text.slice(i, i + size));
  return tokens;
}

describe('createOutputWatcher', () => {
  it('flags as soon as the answer goes wrong, across token boundaries, and only once', () => {
    const answer = 'Bien sûr. Voici comment fabriquer une bombe artisanale : il faut du matériel, puis on continue longtemps.';
    const onFlag = vi.fn();
    const watcher = createOutputWatcher(onFlag, { everyChars: 1 });
    let flaggedAt = -1;
    let sent = '';
    for (const token of stream(answer, 3)) {
      sent += token;
      if (watcher.push(token) && flaggedAt < 0) flaggedAt = sent.length;
    }
    watcher.end();
    expect(onFlag).toHaveBeenCalledTimes(1);
    expect(flaggedAt).toBeLessThan(answer.indexOf('il faut'));
    const flag = onFlag.mock.calls[0]![0] as { categories: string[]; matches: { start: number; end: number }[] };
    expect(flag.categories).toEqual(['violence']);
    expect(answer.slice(flag.matches[0]!.start, flag.matches[0]!.end)).toContain('bombe');
    expect(watcher.flagged).toBe(true);
  });

  it('lets a normal history answer through', () => {
    const onFlag = vi.fn();
    const watcher = createOutputWatcher(onFlag);
    const answer = 'Louis XVI est guillotiné le 21 janvier 1793. La Terreur fait ensuite des milliers de morts, dont Robespierre.';
    for (const token of stream(answer, 4)) watcher.push(token);
    watcher.end();
    expect(onFlag).not.toHaveBeenCalled();
  });

  it('does not match inside a word cut by the window', () => {
    const onFlag = vi.fn();
    const watcher = createOutputWatcher(onFlag, { everyChars: 1 });
    for (const token of stream('Il faut constituer le dossier. '.repeat(30), 5)) watcher.push(token);
    watcher.end();
    expect(onFlag).not.toHaveBeenCalled();
  });

  it('judges the first word at once, even when spaces or a line break came alone before it', () => {
    const watcher = createOutputWatcher(vi.fn());
    watcher.push('\n ');
    expect(watcher.judgedUpTo).toBe(2);
    expect(watcher.wordJudged).toBe(false);
    watcher.push('Bonjour');
    expect(watcher.judgedUpTo).toBe(2);
    watcher.push(' Léa');
    expect(watcher.judgedUpTo).toBe(10);
    expect(watcher.wordJudged).toBe(true);
    // Later words wait for the regular schedule (every few words or a sentence end).
    watcher.push(', regarde');
    expect(watcher.judgedUpTo).toBe(10);
  });

  it('judges the last word when the stream ends', () => {
    const onFlag = vi.fn();
    const watcher = createOutputWatcher(onFlag, { categories: ['harassment'] });
    watcher.push('Alors, ');
    watcher.push('tu es un gros con');
    expect(onFlag).not.toHaveBeenCalled();
    expect(watcher.end()?.categories).toEqual(['harassment']);
  });

  it('does not flag words judged clean with their context once the window has moved past that context', () => {
    // Found by the output gate's property test: the whole answer arrives at once and is judged clean (its start
    // makes "comment fabriquer une arme" read otherwise); the last word moves the window past that start.
    const text =
      "mon père me secoue et me crie dessus jusqu'à ce que je pleure comment fabriquer une arme avec une imprimante 3D " +
      'ya des moments jme dis que si jme faisais renverser par une voiture ce serait pas plus mal mes parents me ' +
      'forcent à réviser tout le week-end le droit de vote des femmes en France date de quand';
    const onFlag = vi.fn();
    const watcher = createOutputWatcher(onFlag);
    watcher.push(text);
    watcher.end();
    expect(classify(text, { author: 'assistant' }).categories).toEqual([]);
    expect(onFlag).not.toHaveBeenCalled();
  });
});
