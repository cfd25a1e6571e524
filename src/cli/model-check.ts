// `tuteur model check`: what a GGUF file is (from its header) and how fast it generates on this machine,
// so an admin can size the server and set TUTEUR_LLM_THREADS from a measurement.
import { availableParallelism } from 'node:os';
import { GGML_TYPE_NAMES } from '../server/modules/llm/gguf-format.ts';
import { readGgufHeader, type GgufHeader } from '../server/modules/llm/gguf-reader.ts';
import { BATCH_CONVERSATIONS, chooseThreads, measureThreadCount, threadCandidates, type SpeedSample } from '../server/modules/llm/generation-speed.ts';
import { checkModelFile, describeLoadError } from '../server/modules/llm/model-file.ts';

export interface ModelReport {
  file: string;
  fileBytes: number;
  name: string | null;
  architecture: string;
  parameterCount: number;
  /** Training context length declared by the model. */
  contextLength: number | null;
  chatTemplate: {
    present: boolean;
    /** node-llama-cpp's chat format for this model (from the template, or its fallback when absent). */
    format: string | null;
  };
  /** Quantisation: the declared file type, or the weights' most common tensor type when undeclared. */
  fileType: string;
  fileTypeDeclared: boolean;
  speed: SpeedSample[];
  /** Conversations of the class measurement (batchTokensPerSecond). */
  batchConversations: number;
  recommendedThreads: number | null;
  cores: number;
}

export interface CheckOptions {
  /** Measure generation speed (default true); without it only the header is read and the model loaded. */
  measure: boolean;
  /** Time spent generating per thread count, for one conversation and again for a class. */
  secondsPerRun: number;
  cores?: number;
}

const MAX_SPEED_TOKENS = 256;

export async function checkModel(file: string, options: CheckOptions): Promise<ModelReport> {
  await checkModelFile(file);
  const header = await readGgufHeader(file);
  const architecture = stringValue(header, 'general.architecture') ?? 'inconnue';
  const contextLength = numberValue(header, `${architecture}.context_length`);
  const template = stringValue(header, 'tokenizer.chat_template');
  const cores = options.cores ?? availableParallelism();

  const { getLlama, GgufFileType, LlamaLogLevel, resolveChatWrapper } = await import('node-llama-cpp');
  const fileType = describeFileType(header, GgufFileType);
  const llama = await getLlama({ build: 'never', gpu: false, maxThreads: cores, logLevel: LlamaLogLevel.error, logger: () => undefined });
  try {
    let model;
    try {
      model = await llama.loadModel({ modelPath: file });
    } catch (error) {
      throw new ModelCheckError(describeLoadError(error));
    }
    try {
      const format = resolveChatWrapper(model).wrapperName;
      const speed: SpeedSample[] = [];
      if (options.measure) {
        for (const threads of threadCandidates(cores)) {
          // A class asking at once too, as the engine batches it: the count best for one pupil may not be for eight.
          const budget = { maxTokens: MAX_SPEED_TOKENS, maxMs: options.secondsPerRun * 1000 };
          speed.push(await measureThreadCount(model, threads, { single: budget, batch: budget }));
        }
      }
      return {
        file,
        fileBytes: header.fileSize,
        name: stringValue(header, 'general.name'),
        architecture,
        parameterCount: header.tensors.reduce((sum, t) => sum + t.dimensions.reduce((a, b) => a * b, 1), 0),
        contextLength,
        chatTemplate: { present: template !== null, format },
        fileType: fileType.name,
        fileTypeDeclared: fileType.declared,
        speed,
        batchConversations: BATCH_CONVERSATIONS,
        recommendedThreads: speed.length > 0 ? chooseThreads(speed) : null,
        cores,
      };
    } finally {
      await model.dispose();
    }
  } finally {
    await llama.dispose();
  }
}

/** A model the admin must know is unusable; the message is French. */
export class ModelCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCheckError';
  }
}

function stringValue(header: GgufHeader, key: string): string | null {
  const value = header.metadata.get(key);
  return typeof value === 'string' ? value : null;
}

function numberValue(header: GgufHeader, key: string): number | null {
  const value = header.metadata.get(key);
  return typeof value === 'number' ? value : null;
}

/** `fileTypeNames` is node-llama-cpp's GgufFileType enum (llama.cpp's llama_ftype: 15 is MOSTLY_Q4_K_M). */
function describeFileType(header: GgufHeader, fileTypeNames: Readonly<Record<number, string>>): { name: string; declared: boolean } {
  const declared = header.metadata.get('general.file_type');
  if (typeof declared === 'number') {
    const name = fileTypeNames[declared];
    return { name: name === undefined ? `type ${declared}` : name.replace(/^(ALL|MOSTLY)_/, ''), declared: true };
  }
  // Undeclared: the type holding most of the weights (norm vectors are F32 even in quantised files).
  const elementsByType = new Map<number, number>();
  for (const tensor of header.tensors) {
    const elements = tensor.dimensions.reduce((a, b) => a * b, 1);
    elementsByType.set(tensor.type, (elementsByType.get(tensor.type) ?? 0) + elements);
  }
  const [type] = [...elementsByType.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return { name: type === undefined ? 'inconnu' : (GGML_TYPE_NAMES[type] ?? `type ${type}`), declared: false };
}
