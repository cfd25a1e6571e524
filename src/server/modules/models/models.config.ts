// The part of the configuration the model catalogue needs: which engine answers, the model it names, the
// folder GGUF files may be registered from, and what the engine allocates (for the memory estimate).
import type { Config } from '../../config.ts';
import type { ModelsConfig } from './models.service.ts';

export function modelsConfigOf(config: Pick<Config, 'llmBackend' | 'modelPath' | 'openAiBackends' | 'modelsDir'> & { llm: Pick<Config['llm'], 'parallel' | 'contextSize'> }): ModelsConfig {
  return {
    backend: config.llmBackend,
    modelPath: config.modelPath,
    openAiModel: config.openAiBackends.model,
    modelsDir: config.modelsDir,
    parallel: config.llm.parallel,
    contextSize: config.llm.contextSize,
  };
}
