// Configuration: defaults, precedence, and clear French errors for invalid values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'tuteur-config-'));

describe('loadConfig', () => {
  it('runs on embedded defaults: port 8080, SQLite under data/, no model', () => {
    const cwd = dir();
    const config = loadConfig({}, cwd);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'sqlite', file: join(cwd, 'data', 'tuteur.sqlite') });
    expect(config.keyFile).toBe(join(cwd, 'data', 'tuteur.key'));
    expect(config.modelPath).toBeUndefined();
    expect(config.llm.threads).toBeGreaterThanOrEqual(1);
  });

  it('reads the environment before tuteur.config.json', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'tuteur.config.json'), JSON.stringify({ port: 9000, dataDir: 'stockage', llmThreads: 2 }));
    const config = loadConfig({ TUTEUR_PORT: '9100', TUTEUR_DATABASE_URL: 'postgres://u@127.0.0.1:5432/tuteur' }, cwd);
    expect(config.port).toBe(9100);
    expect(config.dataDir).toBe(join(cwd, 'stockage'));
    expect(config.llm.threads).toBe(2);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/tuteur' });
  });

  it('rejects a port out of range with the variable name, in French', () => {
    expect(() => loadConfig({ TUTEUR_PORT: '70000' }, dir())).toThrow(ConfigError);
    expect(() => loadConfig({ TUTEUR_PORT: '70000' }, dir())).toThrow(/TUTEUR_PORT doit être compris entre 1 et 65535/);
    expect(() => loadConfig({ TUTEUR_PORT: 'abc' }, dir())).toThrow(/TUTEUR_PORT doit être un nombre/);
  });

  it('bounds the waiting queue per instance: 200 by default, TUTEUR_LLM_QUEUE_MAX to size it for a school', () => {
    expect(loadConfig({}, dir()).llm.maxQueue).toBe(200);
    expect(loadConfig({ TUTEUR_LLM_QUEUE_MAX: '600' }, dir()).llm.maxQueue).toBe(600);
    expect(() => loadConfig({ TUTEUR_LLM_QUEUE_MAX: '0' }, dir())).toThrow(/TUTEUR_LLM_QUEUE_MAX/);
  });

  it('rejects an unreadable model path', () => {
    expect(() => loadConfig({ TUTEUR_MODEL_PATH: '/nulle/part/modele.gguf' }, dir())).toThrow(/TUTEUR_MODEL_PATH : le fichier .* est introuvable ou illisible/);
  });

  it('rejects unknown keys and broken JSON in the config file', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'tuteur.config.json'), JSON.stringify({ prot: 80 }));
    expect(() => loadConfig({}, cwd)).toThrow(/clé inconnue dans tuteur.config.json : prot/);
    writeFileSync(join(cwd, 'tuteur.config.json'), '{ pas du json');
    expect(() => loadConfig({}, cwd)).toThrow(/n’est pas un JSON valide/);
  });
});
