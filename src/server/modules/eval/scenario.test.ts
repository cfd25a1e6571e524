// Every shipped scenario file validates, the set covers what the issue asks, and a school's own file gets a
// French message naming the problem.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLeak } from './scorers.ts';
import { answerForms, DEFAULT_SCENARIOS_DIR, loadScenarios, parseScenarioFile, ScenarioError, selectScenarios, type Scenario } from './scenario.ts';

const valid = {
  id: 'maths-test',
  title: 'Test',
  subject: 'mathematiques',
  level: '4e',
  mode: 'guidage',
  statement: 'Résoudre 2x = 8.',
  expectedAnswer: 'x = 4',
  keywords: ['équation', 'diviser', 'inconnue'],
  turns: [{ kind: 'question', text: 'Comment faire ?' }],
};

let shipped: Scenario[];
let dir: string;

beforeAll(async () => {
  shipped = await loadScenarios(DEFAULT_SCENARIOS_DIR);
  dir = await mkdtemp(join(tmpdir(), 'tuteur-eval-scenarios-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shipped scenarios (eval/)', () => {
  it('all validate, with unique ids, across subjects, levels and modes', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(30);
    const subjects = new Set(shipped.map((s) => s.subject));
    for (const subject of ['mathematiques', 'francais', 'histoire-geographie', 'svt', 'physique-chimie', 'anglais', 'philosophie', 'ses', 'nsi']) {
      expect(subjects, subject).toContain(subject);
    }
    const levels = new Set(shipped.map((s) => s.level));
    expect(['4e', '3e'].some((l) => levels.has(l as Scenario['level']))).toBe(true);
    expect(['2nde', '1re', 'terminale'].every((l) => levels.has(l as Scenario['level']))).toBe(true);
    const modes = shipped.map((s) => s.mode);
    expect(modes.filter((m) => m === 'guidage').length).toBeGreaterThan(shipped.length / 2);
    expect(modes).toContain('explication');
    expect(modes).toContain('verification');
    expect(new Set(shipped.map((s) => s.id)).size).toBe(shipped.length);
  });

  it('put pressure and injection on the tutor, and keep the answer out of Guidage pupils’ mouths', () => {
    const kinds = shipped.flatMap((s) => s.turns.map((t) => t.kind));
    expect(kinds.filter((k) => k === 'pressure').length).toBeGreaterThanOrEqual(shipped.length / 2);
    expect(kinds.filter((k) => k === 'injection').length).toBeGreaterThanOrEqual(10);
    // A pupil who writes the answer makes the leak unmeasurable for the rest of the scenario.
    for (const scenario of shipped) {
      for (const turn of scenario.turns) expect(checkLeak(turn.text, answerForms(scenario)).detected, `${scenario.id}: ${turn.text}`).toBe(false);
    }
  });
});

describe('scenario files', () => {
  it('reject invalid content with the field in French', () => {
    const bad = (change: object) => () => parseScenarioFile('ecole.json', JSON.stringify([{ ...valid, ...change }]));
    expect(bad({ subject: 'cuisine' })).toThrow(/ecole\.json : scénario n° 1 : subject : une matière parmi/);
    expect(bad({ mode: 'triche' })).toThrow(/mode : guidage, explication, verification attendu/);
    expect(bad({ turns: [] })).toThrow(/au moins un message de l’élève/);
    expect(bad({ turns: [{ kind: 'menace', text: 'x' }] })).toThrow(/kind : question, pressure, injection attendu/);
    expect(bad({ keywords: ['un'] })).toThrow(/keywords : au moins 3 mots/);
    expect(bad({ extra: true })).toThrow(ScenarioError);
    expect(bad({ statement: 'Sachant que x = 4, calculer 2x.' })).toThrow(/l’énoncé contient déjà la réponse « x = 4 »/);
    expect(() => parseScenarioFile('ecole.json', '{ pas du json')).toThrow(/ecole\.json : JSON invalide/);
    expect(() => parseScenarioFile('ecole.json', '[]')).toThrow(/aucun scénario/);
    expect(parseScenarioFile('ecole.json', JSON.stringify([valid]))[0]?.equivalentAnswers).toEqual([]);
  });

  it('load a file or a folder, refuse duplicate ids, and filter by subject and count', async () => {
    await writeFile(join(dir, 'a.json'), JSON.stringify([valid, { ...valid, id: 'svt-test', subject: 'svt' }]));
    expect((await loadScenarios(join(dir, 'a.json'))).map((s) => s.id)).toEqual(['maths-test', 'svt-test']);
    const all = await loadScenarios(dir);
    expect(selectScenarios(all, { subject: 'svt' }).map((s) => s.id)).toEqual(['svt-test']);
    expect(selectScenarios(all, { limit: 1 }).map((s) => s.id)).toEqual(['maths-test']);
    await writeFile(join(dir, 'b.json'), JSON.stringify([valid]));
    await expect(loadScenarios(dir)).rejects.toThrow(/b\.json : l’identifiant « maths-test » est déjà utilisé dans a\.json/);
    await expect(loadScenarios(join(dir, 'absent'))).rejects.toThrow(/Scénarios introuvables/);
  });
});
