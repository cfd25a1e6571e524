// What a GGUF file says about itself (name, licence, languages, context, size, quantisation), read from its
// header only, to pre-fill a catalogue entry and estimate the memory it needs.
import { basename } from 'node:path';
import { GGML_TYPE_NAMES } from '../llm/gguf-format.ts';
import { readGgufHeader, type GgufHeader } from '../llm/gguf-reader.ts';
import { DEFAULT_PARALLEL, MAX_DEFAULT_CONTEXT, sequenceShape } from '../llm/parallel.ts';

export interface GgufMetadata {
  name: string;
  architecture: string | null;
  licence: string | null;
  origin: string | null;
  languages: string[];
  contextSize: number | null;
  parameters: number;
  quantisation: string | null;
  fileBytes: number;
  /** Key/value cache bytes per token of context (f16 keys and values, llama.cpp's default), or null when unknown. */
  kvBytesPerToken: number | null;
}

const text = (header: GgufHeader, key: string): string | null => {
  const value = header.metadata.get(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

const count = (header: GgufHeader, key: string): number | null => {
  const value = header.metadata.get(key);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
};

export async function readGgufMetadata(filePath: string): Promise<GgufMetadata> {
  const header = await readGgufHeader(filePath);
  const architecture = text(header, 'general.architecture');
  const prefix = architecture ?? '';
  const languagesValue = header.metadata.get('general.languages');
  const languages = Array.isArray(languagesValue) ? languagesValue.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean) : [];
  const origin = [text(header, 'general.organization') ?? text(header, 'general.author'), text(header, 'general.url') ?? text(header, 'general.repo_url') ?? text(header, 'general.source.url')]
    .filter((v): v is string => v !== null)
    .join(' — ');
  return {
    name: text(header, 'general.name') ?? basename(filePath).replace(/\.gguf$/i, ''),
    architecture,
    licence: text(header, 'general.license.name') ?? text(header, 'general.license'),
    origin: origin === '' ? null : origin,
    languages,
    contextSize: count(header, `${prefix}.context_length`),
    parameters: header.tensors.reduce((sum, t) => sum + t.dimensions.reduce((a, b) => a * b, 1), 0),
    quantisation: weightsType(header),
    fileBytes: header.fileSize,
    kvBytesPerToken: kvBytesPerToken(header, prefix),
  };
}

/** The tensor type holding most of the weights (norm vectors stay F32 even in quantised files). */
function weightsType(header: GgufHeader): string | null {
  const elementsByType = new Map<number, number>();
  for (const tensor of header.tensors) {
    elementsByType.set(tensor.type, (elementsByType.get(tensor.type) ?? 0) + tensor.dimensions.reduce((a, b) => a * b, 1));
  }
  const [type] = [...elementsByType.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return type === undefined ? null : (GGML_TYPE_NAMES[type] ?? `type ${type}`);
}

/** 2 (keys and values) × layers × KV heads × head size × 2 bytes (f16). */
function kvBytesPerToken(header: GgufHeader, prefix: string): number | null {
  const layers = count(header, `${prefix}.block_count`);
  const embedding = count(header, `${prefix}.embedding_length`);
  const heads = count(header, `${prefix}.attention.head_count`);
  if (layers === null || embedding === null || heads === null) return null;
  const kvHeads = count(header, `${prefix}.attention.head_count_kv`) ?? heads;
  const headSize = count(header, `${prefix}.attention.key_length`) ?? embedding / heads;
  return Math.round(2 * layers * kvHeads * headSize * 2);
}

export interface MemoryEstimate {
  /** File (mapped into memory) plus the key/value cache of every sequence. */
  bytes: number;
  /** Conversations held at once (TUTEUR_LLM_PARALLEL) and the tokens each may hold. */
  sequences: number;
  contextTokens: number;
}

/**
 * Memory to load the model as the embedded engine would (its rule: llm/parallel.ts sequenceShape): the file plus one
 * key/value cache per parallel sequence.
 */
export function estimateMemory(
  fileBytes: number | null,
  kvBytesPerToken: number | null,
  trainContext: number | null,
  /** `chosenParallel`: what the running engine chose from free memory, when neither setting is given. */
  engine: { parallel?: number; contextSize?: number; chosenParallel?: number } = {},
): MemoryEstimate | null {
  if (fileBytes === null) return null;
  const shape = sequenceShape(trainContext ?? MAX_DEFAULT_CONTEXT, { parallel: engine.parallel, contextSize: engine.contextSize });
  // Before the engine has chosen from free memory (model not loaded yet): the two sequences of the former default.
  const sequences = shape.sequences ?? Math.max(1, Math.floor(engine.chosenParallel ?? DEFAULT_PARALLEL));
  const contextTokens = shape.perSequenceTokens;
  return { bytes: fileBytes + (kvBytesPerToken ?? 0) * contextTokens * sequences, sequences, contextTokens };
}
