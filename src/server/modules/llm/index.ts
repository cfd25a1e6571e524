// Chooses the language-model backend from the configuration: the embedded llama.cpp engine (default) or a
// pool of OpenAI-compatible servers on the school's network, reached only through the egress guard.

import { createEgressGuard, type EgressGuard } from '../../net/egress-guard.ts';
import { createLlamaCppProvider } from './llama-cpp.provider.ts';
import type { LlmLogger, LlmProvider } from './llm.types.ts';
import type { BackendSpec } from './openai/backend-list.ts';
import { createOpenAiProvider } from './openai/openai.provider.ts';

export { LlmBackendError, type LlmBackendErrorCode } from './openai/errors.ts';

export interface LlmConfig {
  /** GGUF file for the embedded backend; undefined: no model (the tutor answers 503 until one is set). */
  modelPath?: string;
  threads: number;
  parallel?: number;
  contextSize?: number;
  gpu?: boolean;
  /** Which engine answers; default 'llama-cpp'. */
  backend?: 'llama-cpp' | 'openai-compatible';
  /** The OpenAI-compatible servers, the model name sent to them and their key (backend 'openai-compatible'). */
  openAi?: { servers: readonly BackendSpec[]; model?: string; apiKey?: string };
  /** TUTEUR_EGRESS_ALLOW entries, for the guard built when none is given. */
  egressAllow?: readonly string[];
  /** A guard shared with other outbound clients; the provider then leaves closing it to its owner. */
  egressGuard?: EgressGuard;
}

export function createLlmProvider(config: LlmConfig, logger: LlmLogger): LlmProvider {
  const { backend, openAi, egressAllow, egressGuard, ...embedded } = config;
  if (backend === 'openai-compatible') {
    return createOpenAiProvider({
      backends: openAi?.servers ?? [],
      model: openAi?.model,
      apiKey: openAi?.apiKey,
      contextSize: config.contextSize,
      guard: egressGuard ?? createEgressGuard({ allow: egressAllow, logger }),
      ownsGuard: egressGuard === undefined,
      logger,
    });
  }
  return createLlamaCppProvider({ ...embedded, logger });
}
