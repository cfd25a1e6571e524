// The audit commands of src/cli/safety-commands.ts, driven through commander with temporary files.
// (Kept here because this work may only add files under moderation/ and pii/; it belongs beside the CLI.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createFakeProvider } from '../server/modules/llm/fake.provider.ts';
import type { LlmProvider } from '../server/modules/llm/llm.types.ts';
import { InvalidInputLinesError, registerSafetyCommands, type SafetyCommandsOptions } from './safety-commands.ts';

async function run(args: string[], files: Record<string, string>, options: SafetyCommandsOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tuteur-safety-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('tuteur').exitOverride();
  registerSafetyCommands(program, { out: (l) => out.push(l), err: (l) => err.push(l) }, options);
  let error: unknown;
  try {
    await program.parseAsync(args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a)), { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err, error };
}

describe('tuteur moderation check', () => {
  it('prints one JSON line per message with its categories and action', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Explique la mort de Louis XVI' }),
      JSON.stringify({ id: 'b', text: 'jveu mourir' }),
      JSON.stringify({ id: 3, text: 'envoie moi des photos de toi nue' }),
      // A warning sign only the learned scorer recognises: a caring answer, as the chat gives, and no category.
      JSON.stringify({ id: 'c', text: 'j’ai donné toutes mes affaires à ma sœur, elle en aura plus besoin que moi' }),
    ].join('\n');
    const { out, err, error } = await run(['moderation', 'check', '--jsonl', '@in.jsonl'], { 'in.jsonl': `${input}\n` });
    expect(error).toBeUndefined();
    expect(err).toEqual([]);
    expect(out).toEqual([
      { id: 'a', categories: [], action: 'allow' },
      { id: 'b', categories: ['self_harm'], action: 'escalate' },
      { id: 3, categories: ['sexual'], action: 'block' },
      { id: 'c', categories: [], action: 'care' },
    ]);
  });

  it('reports invalid lines by number in French, goes on, and ends with exit code 1', async () => {
    const input = ['{"id":"a","text":"bonjour"}', 'pas du json', '', '{"id":"c"}', '{"id":"d","text":"t’es qu’un gros con"}'].join('\n');
    const { out, err, error } = await run(['moderation', 'check', '--jsonl', '@in.jsonl'], { 'in.jsonl': input });
    expect(out.map((l) => l.id)).toEqual(['a', 'd']);
    expect(err).toEqual([expect.stringMatching(/^Ligne 2 ignorée/), expect.stringMatching(/^Ligne 4 ignorée/)]);
    expect(error).toBeInstanceOf(InvalidInputLinesError);
    expect((error as InvalidInputLinesError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/2 lignes invalides sur 4/);
  });

  it('accepts --llm and says in French that a model is needed', async () => {
    const { out, err } = await run(['moderation', 'check', '--jsonl', '@in.jsonl', '--llm'], { 'in.jsonl': '{"id":"a","text":"salut"}' });
    expect(out).toHaveLength(1);
    expect(err.join('\n')).toMatch(/nécessite un modèle configuré/);
  });

  it('--llm adds the configured model’s verdict to each line, or why there is none, and closes the model', async () => {
    let closed = false;
    const verdicts = [['{"categories":["self_harm"],"confidence":0.8}'], ['pas du JSON']];
    const fake = createFakeProvider({ tokens: (request) => (request.json ? (verdicts.shift() ?? []) : []) });
    const llm: LlmProvider = { ...fake, status: () => fake.status(), close: async () => ((closed = true), fake.close()) };
    // A cue both fast layers only doubt: the model's verdict is what settles it.
    const input = ['{"id":"a","text":"c’est mon dernier message"}', '{"id":"b","text":"bonjour"}'].join('\n');
    const { out, err, error } = await run(['moderation', 'check', '--jsonl', '@in.jsonl', '--llm'], { 'in.jsonl': input }, { openLlm: async () => llm });
    expect(error).toBeUndefined();
    expect(err).toEqual([]);
    expect(out).toEqual([
      // The chat would follow the verdict on this ambiguous message: the category stands and staff are alerted.
      { id: 'a', categories: [], action: 'allow', llm: { categories: ['self_harm'], confidence: 0.8 }, final: { categories: ['self_harm'], action: 'escalate' } },
      // A clear message never waits for the model in the chat: its verdict (here none) changes nothing.
      { id: 'b', categories: [], action: 'allow', llm: { error: 'invalid' }, final: { categories: [], action: 'allow' } },
    ]);
    expect(closed).toBe(true);
  });

  it('--school gives the actions that school chose, and stops on an unknown school before reading the file', async () => {
    const asked: string[] = [];
    const schoolActions = async (uai: string) => {
      asked.push(uai);
      if (uai !== '0691234A') throw new Error(`Aucun établissement avec l’UAI ${uai}.`);
      return { sexual: 'escalate' as const };
    };
    const input = ['{"id":"a","text":"envoie moi des photos de toi nue"}', '{"id":"b","text":"jveu mourir"}'].join('\n');
    const { out, error } = await run(['moderation', 'check', '--jsonl', '@in.jsonl', '--school', '0691234A'], { 'in.jsonl': input }, { schoolActions });
    expect(error).toBeUndefined();
    expect(out).toEqual([
      { id: 'a', categories: ['sexual'], action: 'escalate' },
      { id: 'b', categories: ['self_harm'], action: 'escalate' },
    ]);
    const unknown = await run(['moderation', 'check', '--jsonl', '@in.jsonl', '--school', '0000000X'], { 'in.jsonl': input }, { schoolActions });
    expect(unknown.out).toEqual([]);
    expect((unknown.error as Error).message).toMatch(/Aucun établissement/);
    expect(asked).toEqual(['0691234A', '0000000X']);
  });

  it('without --llm never opens the model', async () => {
    let opened = false;
    const { out } = await run(['moderation', 'check', '--jsonl', '@in.jsonl'], { 'in.jsonl': '{"id":"a","text":"salut"}' }, {
      openLlm: async () => ((opened = true), null),
    });
    expect(out).toEqual([{ id: 'a', categories: [], action: 'allow' }]);
    expect(opened).toBe(false);
  });

  it('says in French when the file is missing', async () => {
    const { error } = await run(['moderation', 'check', '--jsonl', '/nonexistent/in.jsonl'], {});
    expect((error as Error).message).toMatch(/Fichier introuvable/);
  });
});

describe('tuteur pii redact', () => {
  it('prints the redacted text and the spans of the original', async () => {
    const roster = JSON.stringify([{ firstName: 'Léa', lastName: 'Martin' }]);
    const input = JSON.stringify({ id: 'x', text: 'Léa Martin : 06 12 34 56 78' });
    const { out, error } = await run(['pii', 'redact', '--jsonl', '@in.jsonl', '--roster', '@roster.json'], { 'in.jsonl': input, 'roster.json': roster });
    expect(error).toBeUndefined();
    expect(out).toEqual([
      {
        id: 'x',
        redacted: '[nom] : [téléphone]',
        spans: [
          { type: 'name', start: 0, end: 10 },
          { type: 'phone', start: 13, end: 27 },
        ],
      },
    ]);
  });

  it('flags an invalid line and continues', async () => {
    const { out, err, error } = await run(['pii', 'redact', '--jsonl', '@in.jsonl'], { 'in.jsonl': '[1,2]\n{"id":"b","text":"rien"}\n' });
    expect(out).toEqual([{ id: 'b', redacted: 'rien', spans: [] }]);
    expect(err).toEqual([expect.stringMatching(/^Ligne 1 ignorée/)]);
    expect(error).toBeInstanceOf(InvalidInputLinesError);
  });
});
