// Which model `tuteur eval --model …` talks to: a GGUF file run by the embedded llama.cpp engine, an
// OpenAI-compatible server given by its URL, or a model name served by the configured servers
// (TUTEUR_LLM_BACKENDS). The providers are the server's own, built by the same factory.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLlmProvider } from '../llm/index.ts';
import type { LlmLogger, LlmProvider } from '../llm/llm.types.ts';
import { parseBackendList, type BackendSpec } from '../llm/openai/backend-list.ts';

export type EvalModelTarget =
  | { kind: 'gguf'; path: string }
  | { kind: 'openai-compatible'; servers: BackendSpec[]; model?: string; apiKey?: string; egressAllow: readonly string[] };

/** The part of the configuration used for servers (read only when --model is not a GGUF file). */
export interface BackendSettings {
  openAiBackends: { servers: readonly BackendSpec[]; model?: string; apiKey?: string };
  egressAllow: readonly string[];
}

export class EvalModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalModelError';
  }
}

export function resolveModelTarget(spec: string, cwd: string, settings: () => BackendSettings): EvalModelTarget {
  const value = spec.trim();
  if (value === '') throw new EvalModelError('--model : indiquez un fichier .gguf, une adresse http(s):// ou un nom de modèle.');
  if (/^https?:\/\//i.test(value)) {
    let servers: BackendSpec[];
    try {
      servers = parseBackendList(value);
    } catch (error) {
      throw new EvalModelError(`--model ${(error as Error).message}`);
    }
    const { openAiBackends, egressAllow } = settings();
    return { kind: 'openai-compatible', servers, apiKey: openAiBackends.apiKey, egressAllow };
  }
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  if (/\.gguf$/i.test(value) || existsSync(path)) return { kind: 'gguf', path };
  const { openAiBackends, egressAllow } = settings();
  if (openAiBackends.servers.length === 0) {
    throw new EvalModelError(
      `--model : « ${value} » n’est ni un fichier .gguf ni une adresse http(s)://. Pour évaluer un modèle servi par vos serveurs, indiquez-les dans TUTEUR_LLM_BACKENDS.`,
    );
  }
  return { kind: 'openai-compatible', servers: [...openAiBackends.servers], model: value, apiKey: openAiBackends.apiKey, egressAllow };
}

export interface EvalModelInfo {
  name: string;
  backend: string;
  chatFormat?: string;
  contextSize: number;
  /**
   * Whether two runs surely give the same answers: the embedded engine samples greedily (temperature 0,
   * node-llama-cpp's default); an OpenAI-compatible server is asked for temperature 0 and a seed, which it may
   * ignore (or batch requests in ways that change the arithmetic), so it is not counted as deterministic.
   */
  deterministic: boolean;
}

export interface OpenedModel {
  provider: LlmProvider;
  info: EvalModelInfo;
  loadMs: number;
}

export interface OpenModelOptions {
  threads: number;
  logger?: LlmLogger;
  now?: () => number;
}

const silentLogger: LlmLogger = { info() {}, warn() {}, error() {} };

/** Both providers expose ready(); the shared interface does not, hence the check. */
function readiness(provider: LlmProvider): Promise<void> {
  const candidate = provider as LlmProvider & { ready?: () => Promise<void> };
  return typeof candidate.ready === 'function' ? candidate.ready() : Promise.resolve();
}

/** Loads the model (or checks the servers) and waits until it can answer; throws EvalModelError otherwise. */
export async function openEvalModel(target: EvalModelTarget, options: OpenModelOptions): Promise<OpenedModel> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const provider = createLlmProvider(
    target.kind === 'gguf'
      ? // One sequence: answers are generated one at a time, so nothing shares the context and timings stay clean.
        { modelPath: target.path, threads: options.threads, parallel: 1 }
      : {
          threads: options.threads,
          backend: 'openai-compatible',
          openAi: { servers: target.servers, model: target.model, apiKey: target.apiKey },
          egressAllow: target.egressAllow,
        },
    options.logger ?? silentLogger,
  );
  await readiness(provider);
  const status = provider.status();
  if (status.state !== 'ready') {
    await provider.close();
    if (status.state !== 'error') throw new EvalModelError('Le modèle n’est pas prêt.');
    throw new EvalModelError(target.kind === 'gguf' ? `Le modèle n’a pas pu être chargé : ${status.message}` : status.message);
  }
  return {
    provider,
    info: {
      name: status.modelName,
      backend: status.backend,
      chatFormat: status.chatFormat,
      contextSize: status.contextSize,
      deterministic: target.kind === 'gguf',
    },
    loadMs: Math.round(now() - started),
  };
}
