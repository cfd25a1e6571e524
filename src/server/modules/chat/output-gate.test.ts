// The output gate shows text only once judged, and never the words that made an answer go wrong.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOutputGate } from './output-gate.ts';

const LINES = readFileSync(new URL('../moderation/data/moderation-fr.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

describe('output gate', () => {
  it('passes a normal answer through entirely, in order', () => {
    const gate = createOutputGate();
    const text = 'Pour résoudre, isole d’abord le terme en x. Que fais-tu du 5 ?';
    const shown = [...text].map((c) => gate.push(c)).join('') + gate.end();
    expect(shown).toBe(text);
    expect(gate.flag).toBeNull();
  });

  it('stops before showing a harmful instruction, whatever the token boundaries', () => {
    const gate = createOutputGate();
    const text = 'Bien sûr. Tu devrais te suicider, personne ne te regrettera.';
    const shown = text.split(/(?<=.{3})/).map((p) => gate.push(p)).join('') + gate.end();
    expect(gate.flag?.categories.length).toBeGreaterThan(0);
    expect(shown).not.toMatch(/suicid/);
    expect(shown.length).toBeLessThan(text.length);
  });

  it('shows the first word as soon as it is whole, before a few words have come', () => {
    const gate = createOutputGate();
    // "Mer" may still become "merde": held until the word is whole.
    expect(gate.push('Mer')).toBe('');
    expect(gate.push(' calme')).toBe('Mer ');
    expect(gate.push(' ce')).toBe('');
  });

  it('judges the first word at once even after a leading line break', () => {
    const gate = createOutputGate();
    expect(gate.push('\n')).toBe('\n');
    expect(gate.push('Mer')).toBe('');
    expect(gate.push(' calme')).toBe('Mer ');
  });

  it('shows the first word as it comes when no forbidden word begins that way', () => {
    const gate = createOutputGate();
    expect(gate.push(' Bon')).toBe(' Bon');
    expect(gate.push('jour')).toBe('jour');
    expect(gate.push(' !')).toBe(' !');
    // From the second word on, text waits for its judgement again.
    expect(gate.push(' Isole')).toBe('');
    expect(gate.end()).toBe(' Isole');
  });

  it('holds the beginning of a first word that becomes a forbidden one', () => {
    const gate = createOutputGate();
    expect(gate.push('Con')).toBe('');
    expect(gate.push('nard')).toBe('');
    expect(gate.push(' !')).toBe('');
    expect(gate.flag?.categories).toContain('harassment');
  });

  it('never shows what made the answer flagged, on data set lines cut at random points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: LINES.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 120 }),
        (lines, cuts) => {
          const text = lines.map((l) => LINES[l]!).join(' ');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1))), text.length].sort((a, b) => a - b);
          const gate = createOutputGate();
          let shown = '';
          let last = 0;
          for (const p of points) {
            shown += gate.push(text.slice(last, p));
            last = p;
          }
          shown += gate.end();
          expect(text.startsWith(shown)).toBe(true);
          // What made the answer go wrong was not shown: a flag may include an earlier cue that was clean alone
          // (two weak cues adding up), never one made only of shown text.
          if (gate.flag) expect(Math.max(...gate.flag.matches.map((m) => m.end))).toBeGreaterThan(shown.length);
          else expect(shown).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
