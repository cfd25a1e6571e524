// The settings of the OpenAI-compatible backend and the egress guard, from the environment to a working provider.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.ts';
import { createLlmProvider } from '../index.ts';
import type { LlmProvider } from '../llm.types.ts';
import { apiBaseUrl, parseBackendList } from './backend-list.ts';
import type { OpenAiProvider } from './openai.provider.ts';
import { startOpenAiTestServer } from './testing/openai-test-server.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'tuteur-openai-config-'));
const silent = { info() {}, warn() {}, error() {} };

describe('parseBackendList', () => {
  it('reads URLs with optional limits and normalises the API base', () => {
    expect(parseBackendList(' http://10.0.0.5:8080|8 , http://gpu.lan/v1/,https://[fd00::2]/ia/ | 2')).toEqual([
      { url: 'http://10.0.0.5:8080/v1', maxConcurrent: 8 },
      { url: 'http://gpu.lan/v1', maxConcurrent: 4 },
      { url: 'https://[fd00::2]/ia/v1', maxConcurrent: 2 },
    ]);
    expect(parseBackendList(['http://127.0.0.1:11434', 'http://127.0.0.1:1234|1'])).toHaveLength(2);
    expect(apiBaseUrl('http://127.0.0.1:8080//')).toBe('http://127.0.0.1:8080/v1');
  });

  it.each([
    ['ftp://10.0.0.5/', /doit commencer par http:\/\/ ou https:\/\//],
    ['10.0.0.5:8080', /n’est pas une URL valide : écrivez-la en entier, avec http:\/\//],
    ['localhost:8080', /doit commencer par http/],
    ['pas une url', /n’est pas une URL valide/],
    ['http://10.0.0.5|0', /entre 1 et 256/],
    ['http://10.0.0.5|beaucoup', /entre 1 et 256/],
    ['http://10.0.0.5/v1?key=x', /ne doit pas contenir de « \? »/],
  ])('refuses %j in French', (value, message) => {
    expect(() => parseBackendList(value)).toThrow(message);
  });

  it('refuses credentials in a URL without repeating them', () => {
    let message = '';
    try {
      parseBackendList('http://admin:motdepasse@10.0.0.5:8080');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/identifiant ou un mot de passe.*TUTEUR_LLM_API_KEY/);
    expect(message).not.toContain('motdepasse');
  });
});

describe('configuration of the OpenAI-compatible backend', () => {
  it('defaults to the embedded engine, with no servers and an empty allowlist', () => {
    const config = loadConfig({}, emptyDir());
    expect(config.llmBackend).toBe('llama-cpp');
    expect(config.openAiBackends).toEqual({ servers: [], model: undefined, apiKey: undefined });
    expect(config.egressAllow).toEqual([]);
  });

  it('reads the servers, model, key and allowlist from the environment', () => {
    const config = loadConfig(
      {
        TUTEUR_LLM_BACKEND: 'openai-compatible',
        TUTEUR_LLM_BACKENDS: 'http://10.0.0.5:8080|8,http://10.0.0.6:11434/v1',
        TUTEUR_LLM_MODEL: 'mistral-7b-instruct',
        TUTEUR_LLM_API_KEY: 'sk-local',
        TUTEUR_EGRESS_ALLOW: 'gpu.academie.fr, 100.64.0.0/10',
      },
      emptyDir(),
    );
    expect(config.llmBackend).toBe('openai-compatible');
    expect(config.openAiBackends).toEqual({
      servers: [
        { url: 'http://10.0.0.5:8080/v1', maxConcurrent: 8 },
        { url: 'http://10.0.0.6:11434/v1', maxConcurrent: 4 },
      ],
      model: 'mistral-7b-instruct',
      apiKey: 'sk-local',
    });
    expect(config.egressAllow).toEqual(['gpu.academie.fr', '100.64.0.0/10']);
  });

  it('reads JSON lists from tuteur.config.json', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'tuteur.config.json'),
      JSON.stringify({ llmBackend: 'openai-compatible', llmBackends: ['http://127.0.0.1:8080|2'], egressAllow: ['inference.academie.fr'] }),
    );
    const config = loadConfig({}, cwd);
    expect(config.openAiBackends.servers).toEqual([{ url: 'http://127.0.0.1:8080/v1', maxConcurrent: 2 }]);
    expect(config.egressAllow).toEqual(['inference.academie.fr']);
  });

  it.each([
    [{ TUTEUR_LLM_BACKEND: 'openai-compatible' }, /TUTEUR_LLM_BACKENDS : indiquez au moins un serveur/],
    [{ TUTEUR_LLM_BACKEND: 'ollama' }, /TUTEUR_LLM_BACKEND doit valoir llama-cpp ou openai-compatible/],
    [{ TUTEUR_LLM_BACKENDS: 'http://10.0.0.5|0' }, /TUTEUR_LLM_BACKENDS : après « \| »/],
    [{ TUTEUR_LLM_BACKENDS: 'gopher://10.0.0.5' }, /TUTEUR_LLM_BACKENDS : « gopher:\/\/10\.0\.0\.5 » doit commencer par http/],
    [{ TUTEUR_EGRESS_ALLOW: '*.academie.fr' }, /TUTEUR_EGRESS_ALLOW : « \*\.academie\.fr » n’est pas un nom d’hôte valide/],
    [{ TUTEUR_EGRESS_ALLOW: '0x7f.1' }, /TUTEUR_EGRESS_ALLOW : « 0x7f\.1 » n’est ni un nom d’hôte ni un bloc/],
  ])('stops the start with a French message for %j', (env, message) => {
    const load = () => loadConfig(env, emptyDir());
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe('createLlmProvider', () => {
  const providers: LlmProvider[] = [];
  afterEach(async () => {
    for (const provider of providers.splice(0)) await provider.close();
  });

  it('keeps the embedded engine as the default', () => {
    const provider = createLlmProvider({ threads: 1 }, silent);
    providers.push(provider);
    expect(provider.status()).toEqual({ state: 'none' });
  });

  it('builds the server pool from the configuration, with its own guard honouring the allowlist', async () => {
    const server = await startOpenAiTestServer();
    try {
      const config = loadConfig(
        { TUTEUR_LLM_BACKEND: 'openai-compatible', TUTEUR_LLM_BACKENDS: `${server.url}|3, http://203.0.113.9:8080`, TUTEUR_EGRESS_ALLOW: '198.51.100.0/24' },
        emptyDir(),
      );
      const warnings: object[] = [];
      const provider = createLlmProvider(
        {
          threads: 1,
          backend: config.llmBackend,
          openAi: config.openAiBackends,
          egressAllow: config.egressAllow,
        },
        { ...silent, warn: (obj) => warnings.push(obj) },
      ) as OpenAiProvider;
      providers.push(provider);
      await provider.ready();
      expect(provider.parallel).toBe(7);
      expect(provider.backends().map((b) => b.state)).toEqual(['up', 'refused']);
      expect(warnings).toContainEqual({ host: '203.0.113.9', reason: 'address' });
      const tokens: string[] = [];
      const result = await provider.generate({ messages: [{ role: 'user', content: 'Salut' }], maxTokens: 8, signal: new AbortController().signal, onToken: (t) => tokens.push(t) });
      expect(result.text).toBe('Bonjour !');
      expect(tokens).toEqual(['Bon', 'jour', ' !']);
    } finally {
      await server.kill();
    }
  });
});
