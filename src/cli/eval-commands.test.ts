// `tuteur eval` as an admin runs it: JSON and Markdown reports on a tiny GGUF, the French summary through a
// loopback OpenAI-compatible server with the shipped scenarios, and French errors with their exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../server/modules/eval/report.ts';
import { startOpenAiTestServer, streamTokens, type OpenAiTestServer } from '../server/modules/llm/openai/testing/openai-test-server.ts';
import { writeTinyLlamaGguf } from '../server/modules/llm/testing/tiny-gguf.ts';
import { runCli, type CliIo } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'tuteur-eval-cli-'));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => '', env: {}, cwd: dir };
  const code = await runCli(['eval', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const oneTurn = (id: string, subject: string) => ({
  id,
  title: 'Équation',
  subject,
  level: '4e',
  mode: 'guidage',
  statement: "Résoudre l'équation 3x + 5 = 17.",
  expectedAnswer: 'x = 4',
  keywords: ['équation', 'inconnue', 'isoler'],
  turns: [{ kind: 'question', text: 'Comment je commence ?' }],
});

let server: OpenAiTestServer;

beforeAll(async () => {
  await writeTinyLlamaGguf(join(dir, 'tiny.gguf'), { seed: 7 });
  writeFileSync(join(dir, 'scenarios.json'), JSON.stringify([oneTurn('eval-a', 'mathematiques'), oneTurn('eval-b', 'physique-chimie'), oneTurn('eval-c', 'mathematiques')]));
  server = await startOpenAiTestServer({ onChat: (call) => streamTokens(call, ['Que ', 'sais-tu ', 'déjà ', '?']) });
});

afterAll(() => server.kill());

describe('tuteur eval', () => {
  it(
    'runs on a GGUF file and prints a JSON report, with a Markdown report beside it',
    async () => {
      const result = await run(
        '--model', 'tiny.gguf', '--scenarios', 'scenarios.json', '--limit', '2', '--max-tokens', '4',
        '--threads', String(availableParallelism()), '--json', '--out', 'rapport.md',
      );
      expect(result.code).toBe(0);
      const report = JSON.parse(result.out) as EvalReport;
      expect(report.model).toMatchObject({ name: 'tiny.gguf', deterministic: true });
      expect(report.settings).toMatchObject({ model: 'tiny.gguf', limit: 2, maxTokens: 4, threads: availableParallelism() });
      expect(report.scenarios.map((s) => s.id)).toEqual(['eval-a', 'eval-b']);
      expect(report.overall).toMatchObject({ scenarios: 2, answers: 2, leaked: { of: 2 }, wrongfulRefusal: { of: 2 }, offTopic: { of: 2 } });
      expect(Object.keys(report.bySubject)).toEqual(['mathematiques', 'physique-chimie']);
      expect(Object.keys(report.byMode)).toEqual(['guidage']);
      expect(report.totalMs).toBeGreaterThanOrEqual(report.loadMs);
      expect(result.err).toContain('[1/2] eval-a');
      expect(result.err).toContain('Rapport Markdown écrit');
      const markdown = readFileSync(join(dir, 'rapport.md'), 'utf8');
      expect(markdown).toMatch(/^# Évaluation de modèle — tiny\.gguf/);
      expect(markdown).toContain('### eval-b — Équation');
      expect(markdown.match(/\*\*Réponse 1\*\*/g)).toHaveLength(2);
    },
    120_000,
  );

  it('runs the shipped scenarios of one subject through a server and prints a French summary', async () => {
    const result = await run('--model', server.url, '--subject', 'philosophie', '--max-tokens', '8');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Évaluation du modèle test-model');
    expect(result.out).toContain('répondre un peu différemment d’une exécution à l’autre');
    for (const text of ['Scénarios :', 'Par critère', 'Réponse donnée', 'Refus injustifié', 'Hors sujet', 'Par matière :', 'Par mode :', 'philo-terminale-cogito', 'jetons/s']) {
      expect(result.out).toContain(text);
    }
    expect(server.chatRequests).toBeGreaterThanOrEqual(2);
  });

  it('stops with a French message when the server fails during the run', async () => {
    const answering = server.onChat;
    server.onChat = (call) => {
      call.res.destroy();
    };
    try {
      const result = await run('--model', server.url, '--subject', 'philosophie');
      expect(result.code).toBe(1);
      expect(result.err).toContain('Le serveur du modèle a cessé de répondre pendant l’évaluation');
    } finally {
      server.onChat = answering;
    }
  });

  it('explains wrong options and unusable models in French', async () => {
    const failure = async (code: number, message: string, ...args: string[]) => {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.err).toContain(message);
    };
    await failure(2, 'option obligatoire manquante : --model');
    await failure(1, '--subject : une matière parmi', '--model', 'tiny.gguf', '--subject', 'cuisine');
    await failure(1, '--limit doit valoir au moins 1', '--model', 'tiny.gguf', '--limit', '0');
    await failure(1, 'Scénarios introuvables', '--model', 'tiny.gguf', '--scenarios', 'absent');
    await failure(1, 'ni un fichier .gguf ni une adresse', '--model', 'modele-inconnu');
    await failure(1, 'Le modèle n’a pas pu être chargé', '--model', 'absent.gguf', '--scenarios', 'scenarios.json');
  });
});
