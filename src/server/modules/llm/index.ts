// Chooses the language-model backend from the configuration. Only the embedded llama.cpp backend exists
// so far; an OpenAI-compatible local server is the next one.

import { createLlamaCppProvider } from './llama-cpp.provider.ts';
import type { LlmLogger, LlmProvider } from './llm.types.ts';

export interface LlmConfig {
  /** GGUF file for the embedded backend; undefined: no model (the tutor answers 503 until one is set). */
  modelPath?: string;
  threads: number;
  parallel?: number;
  contextSize?: number;
  gpu?: boolean;
}

export function createLlmProvider(config: LlmConfig, logger: LlmLogger): LlmProvider {
  return createLlamaCppProvider({ ...config, logger });
}
