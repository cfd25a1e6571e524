// The Guidage answer guard: catches the teacher's expected answer in the stream, whatever the token
// boundaries, and lets hints through.
import { describe, expect, it } from 'vitest';
import { answerPatterns, createAnswerGuard } from './answer-guard.ts';

function run(expected: string, pieces: string[]) {
  const guard = createAnswerGuard(expected);
  const shown = pieces.map((p) => guard.push(p)).join('') + guard.flush();
  return { shown, tripped: guard.tripped };
}

const chars = (text: string) => [...text];

describe('answer guard', () => {
  it('stops the stream before the answer is shown, at any token boundary', () => {
    const text = 'Bravo, tu y es presque ! Donc x = 5 et tu peux vérifier.';
    for (const pieces of [chars(text), text.split(' ').map((w, i) => (i ? ` ${w}` : w)), [text]]) {
      const { shown, tripped } = run('x = 5', pieces);
      expect(tripped).toBe(true);
      expect(shown).not.toMatch(/x\s*=\s*5/);
    }
  });

  it('catches the value in concluding forms, accents and spacing aside', () => {
    for (const text of ['La solution est 5.', 'donc x vaut 5', 'x=5', 'Le résultat : 5', 'x égale à 5']) {
      expect(run('x = 5', chars(text)).tripped, text).toBe(true);
    }
    expect(run('2,5', chars('la réponse est 2.5')).tripped).toBe(true);
    expect(run('Victor Hugo', chars('Il s’agit de Victor  Hugo, bien sûr.')).tripped).toBe(true);
  });

  it('lets hints and other numbers through untouched', () => {
    for (const text of ['Commence par isoler 3x dans 3x + 5 = 20.', 'Que vaut 15 - 5 ?', 'x = 50 ne marche pas', 'Relis la page 5 du cours.']) {
      const { shown, tripped } = run('x = 5', chars(text));
      expect(tripped, text).toBe(false);
      expect(shown).toBe(text);
    }
  });

  it('passes everything through when there is no expected answer', () => {
    expect(run('', ['x = 5'])).toEqual({ shown: 'x = 5', tripped: false });
    expect(createAnswerGuard(null).push('x = 5')).toBe('x = 5');
    expect(answerPatterns('   ')).toEqual([]);
  });
});
