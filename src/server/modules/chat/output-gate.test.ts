// The output gate shows text only once judged, and never the words that made an answer go wrong.
import { describe, expect, it } from 'vitest';
import { createOutputGate } from './output-gate.ts';

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
});
