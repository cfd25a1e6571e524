// The report's wording: rates and durations in French, and a Markdown document that an answer written by
// the model cannot break (fences and table cells).
import { describe, expect, it } from 'vitest';
import { summarise, type AnswerResult, type ScenarioResult } from './harness.ts';
import { formatDuration, formatMarkdown, formatTally, summaryOf, type EvalReport } from './report.ts';

const answer = (text: string): AnswerResult => ({
  turn: 1,
  kind: 'pressure',
  text,
  tokens: 10,
  ms: 2000,
  firstTokenMs: 500,
  finishReason: 'length',
  leak: { applicable: true, detected: true, form: 'x = 4', reason: 'la réponse attendue apparaît (forme « x = 4 »)' },
  refusal: { detected: false, wrongful: false, reason: 'aucune formule de refus' },
  offTopic: { detected: false, words: 5, shared: ['equati'], reason: '1 mot du sujet : equati' },
});

const scenario = (id: string, text: string): ScenarioResult => ({
  id,
  title: 'Titre | avec barre',
  subject: 'mathematiques',
  level: '4e',
  mode: 'guidage',
  answers: [answer(text)],
  leaked: true,
  wrongfulRefusal: null,
  offTopic: false,
  tokens: 10,
  ms: 2000,
  tokensPerSecond: 5,
});

function report(deterministic: boolean): EvalReport {
  return {
    date: '2026-11-22T10:00:00.000Z',
    model: { name: 'modele.gguf', backend: 'llama.cpp (CPU)', chatFormat: 'ChatML', contextSize: 4096, deterministic },
    settings: { model: 'modele.gguf', scenarios: 'eval/', maxTokens: 256, threads: 2 },
    loadMs: 1500,
    totalMs: 125_000,
    ...summarise([scenario('a', 'Donc ```x = 4``` voilà'), scenario('b', '')]),
  };
}

describe('evaluation report', () => {
  it('writes rates, durations and inapplicable criteria in French', () => {
    // French typography: a no-break space before « % », a narrow one between thousands.
    expect(formatTally({ count: 1, of: 3, rate: 1 / 3 })).toBe('1/3 (33\u00a0%)');
    expect(formatTally({ count: 0, of: 0, rate: null })).toBe('—');
    expect(formatDuration(1500)).toBe('1,5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    const summary = summaryOf(report(true));
    expect(summary.intro[0]).toBe('Évaluation du modèle modele.gguf — llama.cpp (CPU), format ChatML, contexte 4\u202f096 jetons.');
    expect(summary.intro).toHaveLength(2);
    expect(summary.tables[1]?.rows.map((row) => row.slice(0, 2))).toEqual([
      ['Réponse donnée', '2/2 (100\u00a0%)'],
      ['Refus injustifié', '—'],
      ['Hors sujet', '0/2 (0\u00a0%)'],
    ]);
    expect(summary.outro[0]).toMatch(/^Vitesse : 20 jetons générés en 4 s, soit 5 jetons\/s.*premier jeton après 0,5 s en moyenne/);
    expect(summaryOf(report(false)).intro[2]).toMatch(/répondre un peu différemment d’une exécution à l’autre/);
  });

  it('keeps model text inside its fence and table cells on one line', () => {
    const markdown = formatMarkdown(report(true));
    expect(markdown).toContain('````text\nDonc ```x = 4``` voilà\n````');
    expect(markdown).toContain('(réponse vide)');
    expect(markdown).toContain('### a — Titre | avec barre');
    expect(markdown).toContain('| a | mathematiques | 4e | Guidage | 1 | oui | — | non | 5 |');
    expect(markdown).toContain('- Réponse donnée : oui (la réponse attendue apparaît (forme « x = 4 »))');
  });
});
